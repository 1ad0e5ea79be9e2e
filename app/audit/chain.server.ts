// How the audit chain is hashed, keyed and checked, with no database: a row's hash, the
// switch-over to the keyed chain, the anchors' MACs, and a walker that names the first broken row.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import canonicalize from "canonicalize";

export const GENESIS_HASH = "0".repeat(64);

/**
 * The row that marks "from here on the chain is keyed": it is itself the first keyed row. Rows
 * before it were written before there was a key and keep their plain SHA-256 hashes.
 */
export const SWITCH_OVER_ACTION = "audit.chain_keyed";

export type ChainRow = {
  seq: number;
  at: Date;
  actorUserId: string | null;
  actorEmail: string | null;
  organisationId: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  procurementId: string | null;
  ip: string | null;
  summary: Record<string, unknown>;
  prevHash: string;
};

function rowContent(row: ChainRow): string {
  return (
    canonicalize({
      seq: row.seq,
      at: row.at.toISOString(),
      actorUserId: row.actorUserId,
      actorEmail: row.actorEmail,
      organisationId: row.organisationId,
      action: row.action,
      subjectType: row.subjectType,
      subjectId: row.subjectId,
      procurementId: row.procurementId,
      ip: row.ip,
      summary: row.summary,
      prevHash: row.prevHash,
    }) ?? ""
  );
}

/** The hash of a row written before the chain was keyed: anyone can recompute it. */
export function plainRowHash(row: ChainRow): string {
  return createHash("sha256").update(rowContent(row)).digest("hex");
}

/** HMAC-SHA256 with the chain key: without the key nobody can recompute it after a change. */
export function keyedRowHash(row: ChainRow, key: string): string {
  return createHmac("sha256", key).update(rowContent(row)).digest("hex");
}

/** Names a key without revealing it, so that a chain keyed with another key says so. */
export function keyId(key: string): string {
  return createHmac("sha256", key).update("audit-chain-key-id").digest("hex").slice(0, 16);
}

/** The switch-over row's summary: what it means, in words, and which key follows. */
export function switchOverSummary(key: string) {
  return {
    keyed: "From this row on, every row's hash is HMAC-SHA256 with AUDIT_CHAIN_KEY; the rows before keep plain SHA-256",
    keyId: keyId(key),
  };
}

// --- Anchors: the chain's head, recorded outside the database ---------------------------------------

export type Anchor = { seq: number; hash: string; at: string; reason: string };
export type SignedAnchor = Anchor & { mac: string };

export function anchorMac(anchor: Anchor, key: string): string {
  const content = canonicalize({ seq: anchor.seq, hash: anchor.hash, at: anchor.at, reason: anchor.reason }) ?? "";
  return createHmac("sha256", key).update(`audit-anchor\n${content}`).digest("hex");
}

export function signAnchor(anchor: Anchor, key: string): SignedAnchor {
  return { ...anchor, mac: anchorMac(anchor, key) };
}

function sameHex(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

export type ParsedAnchors = { anchors: (SignedAnchor & { line: number })[]; problem: string | null };

/** Reads an anchor file's lines; the first line that is not a well-formed anchor signed with the key is named. */
export function parseAnchors(text: string, key: string): ParsedAnchors {
  const anchors: (SignedAnchor & { line: number })[] = [];
  const lines = text.split("\n");
  for (const [index, raw] of lines.entries()) {
    if (raw.trim() === "") continue;
    const line = index + 1;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      return { anchors, problem: `anchor file line ${line} is not JSON` };
    }
    const a = value as Partial<SignedAnchor>;
    if (
      !Number.isSafeInteger(a.seq) ||
      typeof a.hash !== "string" ||
      typeof a.at !== "string" ||
      typeof a.reason !== "string" ||
      typeof a.mac !== "string"
    ) {
      return { anchors, problem: `anchor file line ${line} is not an anchor (seq, hash, at, reason, mac)` };
    }
    const anchor = { seq: a.seq as number, hash: a.hash, at: a.at, reason: a.reason, mac: a.mac };
    if (!sameHex(anchorMac(anchor, key), anchor.mac)) {
      return {
        anchors,
        problem: `anchor file line ${line} is not signed with AUDIT_CHAIN_KEY (forged, changed, or written with another key)`,
      };
    }
    anchors.push({ ...anchor, line });
  }
  return { anchors, problem: null };
}

// --- Walking the chain ---------------------------------------------------------------------------

/** An event as stored: its content, without the link. */
export type StoredEvent = Omit<ChainRow, "prevHash">;

/** An event's link into the chain: the link before it (the event `prevSeq`, its hash) and its own hash. */
export type StoredLink = { seq: number; prevSeq: number | null; prevHash: string; hash: string };

export type ChainBreak = { brokenAt: number; reason: string; rows: number };

export type AnchorSummary = {
  checked: number;
  newestSeq: number | null;
  newestAt: string | null;
  /** Linked rows after the newest anchor: the next anchor protects them. */
  after: number;
};

/**
 * Checks events handed to it in seq order with their links: each link follows the link before it
 * (numbers of rolled-back events may lie between), events before the first switch-over row match
 * their plain hash, that row and every later one their keyed hash, and each anchored row still has
 * the hash it was anchored with. Events after the last link wait to be linked and are counted; an
 * event without a link before a linked one is a break. `finish` then checks that the chain reaches
 * every anchor and that it was keyed at all.
 */
export class ChainWalker {
  private prevHash = GENESIS_HASH;
  private prevSeq: number | null = null;
  private rows = 0;
  private waiting = 0;
  private firstWaiting: number | null = null;
  private keyedFrom: number | null = null;
  // The newest anchored row verified so far, and how many rows up to it: a rewrite found by a later
  // anchor lies after it.
  private lastAnchoredSeq = 0;
  private rowsAnchored = 0;
  private readonly bySeq = new Map<number, SignedAnchor & { line: number }>();
  private readonly newest: (SignedAnchor & { line: number }) | null;

  constructor(
    private readonly key: string,
    anchors: (SignedAnchor & { line: number })[] = [],
  ) {
    let newest: (SignedAnchor & { line: number }) | null = null;
    for (const anchor of anchors) {
      // Several anchors of one row (an interval and a stage change) must agree; keep the first
      // that disagrees with another so the check below catches it.
      const seen = this.bySeq.get(anchor.seq);
      if (!seen || seen.hash === anchor.hash) this.bySeq.set(anchor.seq, seen ?? anchor);
      else this.bySeq.set(anchor.seq, { ...anchor, hash: "conflicting anchors" });
      if (!newest || anchor.seq > newest.seq) newest = anchor;
    }
    this.newest = newest;
  }

  private broken(brokenAt: number, reason: string, rows = this.rows): ChainBreak {
    return { brokenAt, reason, rows };
  }

  /** Checks the next event and its link; a break names the row from which the chain cannot be relied upon. */
  step(event: StoredEvent, link: StoredLink | null): ChainBreak | null {
    if (!link) {
      this.waiting += 1;
      this.firstWaiting ??= event.seq;
      return null;
    }
    if (this.firstWaiting !== null) {
      return this.broken(this.firstWaiting, `it is not linked into the chain, but row ${event.seq} after it is`);
    }
    if (link.prevSeq !== this.prevSeq) {
      // A link to a later row than the last linked one: the rows between are gone, link and all.
      if (link.prevSeq !== null && link.prevSeq < event.seq && (this.prevSeq === null || link.prevSeq > this.prevSeq)) {
        return this.broken(link.prevSeq, `row ${link.prevSeq} is missing`);
      }
      return this.broken(event.seq, "does not link to the row before it");
    }
    if (link.prevHash !== this.prevHash) return this.broken(event.seq, "does not link to the row before it");
    const row: ChainRow = { ...event, prevHash: link.prevHash };
    if (this.keyedFrom === null && row.action === SWITCH_OVER_ACTION) this.keyedFrom = row.seq;
    if (this.keyedFrom === null) {
      if (!sameHex(plainRowHash(row), link.hash)) return this.broken(row.seq, "its content does not match its hash");
    } else if (!sameHex(keyedRowHash(row, this.key), link.hash)) {
      const otherKey =
        row.seq === this.keyedFrom && typeof row.summary.keyId === "string" && row.summary.keyId !== keyId(this.key);
      return this.broken(
        row.seq,
        otherKey
          ? "it switches to a chain keyed with another key than AUDIT_CHAIN_KEY"
          : "its content does not match its hash",
      );
    }
    const anchor = this.bySeq.get(row.seq);
    if (anchor) {
      if (anchor.hash !== link.hash) {
        const from = this.lastAnchoredSeq + 1;
        return this.broken(
          from,
          (from === row.seq
            ? `row ${row.seq} was rewritten`
            : `a row from ${from} to ${row.seq} was rewritten and the rows after it re-chained`) +
            `: row ${row.seq}'s hash is not the one anchored at ${anchor.at} (anchor file line ${anchor.line})`,
          this.rowsAnchored,
        );
      }
      this.lastAnchoredSeq = row.seq;
      this.rowsAnchored = this.rows + 1;
    }
    this.prevHash = link.hash;
    this.prevSeq = row.seq;
    this.rows += 1;
    return null;
  }

  finish():
    | ({ ok: true; rows: number; lastHash: string; keyedFrom: number | null; waiting: number } & {
        anchors: AnchorSummary;
      })
    | ({ ok: false } & ChainBreak) {
    const last = this.prevSeq ?? 0;
    if (this.newest && this.newest.seq > last) {
      return {
        ok: false,
        rows: this.rows,
        brokenAt: last + 1,
        reason:
          `${last + 1 === this.newest.seq ? `row ${last + 1} is` : `rows ${last + 1} to ${this.newest.seq} are`} missing: ` +
          `the chain ends at row ${last}, but row ${this.newest.seq} was anchored at ${this.newest.at} ` +
          `(anchor file line ${this.newest.line}), so rows were cut off the end`,
      };
    }
    if (this.rows > 0 && this.keyedFrom === null) {
      return {
        ok: false,
        rows: 0,
        brokenAt: 1,
        reason: `the chain is not keyed: no row switches to the keyed chain (${SWITCH_OVER_ACTION}), so anyone could have re-chained it`,
      };
    }
    return {
      ok: true,
      rows: this.rows,
      lastHash: this.prevHash,
      keyedFrom: this.keyedFrom,
      waiting: this.waiting,
      anchors: {
        checked: this.bySeq.size,
        newestSeq: this.newest?.seq ?? null,
        newestAt: this.newest?.at ?? null,
        after: this.newest ? this.rows - this.rowsAnchored : this.rows,
      },
    };
  }
}
