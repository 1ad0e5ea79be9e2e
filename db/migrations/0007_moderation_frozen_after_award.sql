-- Once the award is decided, the consensus marks it rests on are kept as they were: the ranking,
-- the assessment summaries sent to bidders and the scoring pack all read them.
CREATE OR REPLACE FUNCTION moderated_scores_frozen_after_award() RETURNS trigger AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM awards WHERE awards.tender_id = COALESCE(NEW.tender_id, OLD.tender_id)) THEN
    RAISE EXCEPTION 'the award for this tender is decided: its consensus marks are frozen (% refused)', TG_OP;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER moderated_scores_frozen_after_award BEFORE INSERT OR UPDATE OR DELETE ON moderated_scores
  FOR EACH ROW EXECUTE FUNCTION moderated_scores_frozen_after_award();
