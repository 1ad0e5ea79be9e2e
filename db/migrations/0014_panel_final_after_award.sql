-- Once the award is decided, the evaluation panel it rests on is final, like the consensus marks
-- (0007): nobody is added to it or removed from it, and nobody's sections change.
CREATE OR REPLACE FUNCTION evaluator_assignments_final_after_award() RETURNS trigger AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM awards WHERE awards.tender_id = COALESCE(NEW.tender_id, OLD.tender_id)) THEN
    RAISE EXCEPTION 'the award for this tender is decided: its evaluation panel is final (% refused)', TG_OP;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER evaluator_assignments_final_after_award BEFORE INSERT OR UPDATE OR DELETE ON evaluator_assignments
  FOR EACH ROW EXECUTE FUNCTION evaluator_assignments_final_after_award();
