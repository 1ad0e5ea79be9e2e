// Preliminary market engagement: session materials, added by staff and published to every supplier
// on the procurement.
import { and, asc, count, eq, sql } from "drizzle-orm";
import { db, type Transaction } from "../../db/client.server";
import { engagementSessions, engagementSlots, sessionMaterials, storedFiles } from "../../db/schema";
import { enqueueEmail } from "../../emails/outbox.server";
import { materialsPublishedMessage } from "../../emails/templates/materials-published";
import { recordAudit } from "../audit/audit.server";
import type { SignedInUser } from "../auth/guards.server";
import { actorOf, hasRegisteredInterest, interestedRecipients } from "../procurements/procurements.server";
import { isUuid } from "../ids";
import * as clock from "../clock.server";
import { notFound, requireRole } from "../refusals.server";
import { type EngagementSession, type Procurement, findSession, sessionLink } from "./shared.server";

export async function materialsForViewer(
  viewer: SignedInUser | null,
  procurement: Procurement,
  session: EngagementSession,
) {
  const isStaff = viewer?.role === "staff";
  const mayRead =
    isStaff ||
    (session.materialsPublishedAt !== null &&
      viewer?.role !== undefined &&
      (viewer.role !== "supplier" || (await hasRegisteredInterest(viewer, procurement.id))));
  if (!mayRead) return { visible: false as const, published: session.materialsPublishedAt !== null, items: [] };
  const items = await db()
    .select({
      id: sessionMaterials.id,
      kind: sessionMaterials.kind,
      title: sessionMaterials.title,
      body: sessionMaterials.body,
      slotStartsAt: engagementSlots.startsAt,
      filename: storedFiles.filename,
      size: storedFiles.size,
      contentType: storedFiles.contentType,
    })
    .from(sessionMaterials)
    .leftJoin(storedFiles, eq(storedFiles.id, sessionMaterials.fileId))
    .leftJoin(engagementSlots, eq(engagementSlots.id, sessionMaterials.slotId))
    .where(eq(sessionMaterials.sessionId, session.id))
    .orderBy(asc(sessionMaterials.position), asc(sessionMaterials.createdAt));
  return { visible: true as const, published: session.materialsPublishedAt !== null, items };
}

export type MaterialInput = {
  kind: "notes" | "question_answer" | "summary" | "file";
  title: string;
  body: string;
  slotId?: string;
  file?: { sha256: string; size: number; contentType: string; filename: string };
};

export async function addMaterial(
  user: SignedInUser,
  procurement: Procurement,
  sessionId: string | undefined,
  input: MaterialInput,
) {
  requireRole(user, "staff");
  const session = await findSession(procurement.id, sessionId);
  return db().transaction(async (tx) => {
    let fileId: string | null = null;
    if (input.file) {
      const [file] = await tx
        .insert(storedFiles)
        .values({ ...input.file, uploadedByUserId: user.id })
        .returning({ id: storedFiles.id });
      fileId = file.id;
    }
    if (input.slotId) {
      const [slot] = await tx
        .select({ id: engagementSlots.id })
        .from(engagementSlots)
        .where(and(eq(engagementSlots.id, input.slotId), eq(engagementSlots.sessionId, session.id)));
      if (!slot) notFound();
    }
    const [{ position }] = await tx
      .select({ position: sql<number>`coalesce(max(${sessionMaterials.position}), 0)::int + 1` })
      .from(sessionMaterials)
      .where(eq(sessionMaterials.sessionId, session.id));
    const [material] = await tx
      .insert(sessionMaterials)
      .values({
        sessionId: session.id,
        slotId: input.slotId ?? null,
        kind: input.kind,
        title: input.title,
        body: input.body,
        fileId,
        position,
        createdByUserId: user.id,
      })
      .returning({ id: sessionMaterials.id });
    await recordAudit(tx, actorOf(user), {
      action: "engagement.material_added",
      subjectType: "session_material",
      subjectId: material.id,
      procurementId: procurement.id,
      summary: {
        kind: input.kind,
        title: input.title,
        file: input.file?.filename ?? null,
        sha256: input.file?.sha256 ?? null,
      },
    });
    // Adding to materials already published tells everyone again: nobody learns it first.
    if (session.materialsPublishedAt) await notifyMaterials(tx, session, procurement);
    return material.id;
  });
}

async function notifyMaterials(tx: Transaction, session: EngagementSession, procurement: Procurement) {
  const recipients = await interestedRecipients(tx, procurement.id);
  for (const person of recipients) {
    await enqueueEmail(tx, {
      to: person.email,
      template: "materials-published",
      content: materialsPublishedMessage({
        name: person.name,
        sessionTitle: session.title,
        procurementTitle: procurement.title,
        link: sessionLink(procurement.slug, session.id),
      }),
    });
  }
  return recipients.length;
}

/**
 * Publishes a session's materials to every supplier registered on the procurement, attendees or
 * not, and emails them all (equal treatment). Publishing twice is harmless.
 */
export async function publishMaterials(user: SignedInUser, procurement: Procurement, sessionId: string | undefined) {
  requireRole(user, "staff");
  const session = await findSession(procurement.id, sessionId);
  return db().transaction(async (tx) => {
    const [locked] = await tx
      .select()
      .from(engagementSessions)
      .where(eq(engagementSessions.id, session.id))
      .for("update");
    if (locked.materialsPublishedAt) return { ok: true as const, notified: 0 };
    const [{ items }] = await tx
      .select({ items: count() })
      .from(sessionMaterials)
      .where(eq(sessionMaterials.sessionId, session.id));
    if (items === 0) return { ok: false as const, error: "Add at least one item before publishing" };
    const [published] = await tx
      .update(engagementSessions)
      .set({ materialsPublishedAt: clock.now(), version: locked.version + 1 })
      .where(eq(engagementSessions.id, session.id))
      .returning();
    const notified = await notifyMaterials(tx, published, procurement);
    await recordAudit(tx, actorOf(user), {
      action: "engagement.materials_published",
      subjectType: "engagement_session",
      subjectId: session.id,
      procurementId: procurement.id,
      summary: { items, notified },
    });
    return { ok: true as const, notified };
  });
}

/** A material's file, if the viewer may read it (the same rule as the materials themselves). */
export async function materialFile(
  viewer: SignedInUser | null,
  procurement: Procurement,
  sessionId: string | undefined,
  materialId: string | undefined,
) {
  const session = await findSession(procurement.id, sessionId);
  if (!isUuid(materialId)) notFound();
  const materials = await materialsForViewer(viewer, procurement, session);
  if (!materials.visible) notFound();
  const [row] = await db()
    .select({ file: storedFiles })
    .from(sessionMaterials)
    .innerJoin(storedFiles, eq(storedFiles.id, sessionMaterials.fileId))
    .where(and(eq(sessionMaterials.id, materialId), eq(sessionMaterials.sessionId, session.id)));
  if (!row) notFound();
  return row.file;
}
