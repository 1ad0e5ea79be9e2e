// The files evaluators download: named by bidder label, question and position ("Bidder A – 1.3 –
// file 1.pdf"), never by the name they were uploaded under, on the page and in Content-Disposition;
// each a copy without the document's own metadata (a PDF's Info dictionary and XMP, an Office
// file's core, extended and custom properties), parsed back here to show it is gone, while the
// stored original and its SHA-256 (the receipt's, the record's) stay exactly as submitted. A file
// that cannot be copied so is not handed out at all.
import { createHash } from "node:crypto";
import { PDFDocument, PDFName } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZipFile } from "yazl";
import { declareConflict } from "../../app/evaluation/conflicts.server";
import { assignEvaluator } from "../../app/evaluation/panel-assignment.server";
import { labelledBidders } from "../../app/evaluation/bidders.server";
import { fileStorage, MIME } from "../../app/storage/storage.server";
import type { Procurement } from "../../app/procurements/procurements.server";
import {
  asSignedIn,
  createOpenedTenderWithBids,
  createOrganisation,
  createProcurement,
  createUser,
  daysFromNow,
  sessionCookieFor,
  type TestUser,
} from "../factories";
import { useTestDatabase } from "../setup/database";
import { startTestPortal, type TestPortal } from "../setup/portal";
import { pdfText, unzip } from "../support/downloads";

await useTestDatabase();
let portal: TestPortal;

// What the bidder's tools wrote into its files: none of it may reach an evaluator.
const AUTHOR = "Olwen Quillfeather";
const COMPANY = "Quillfeather Imaging Ltd";
const XMP_MARKER = "quillfeather-xmp-creator-tool";
const BODY = "The clinical safety case body text";

async function pdfWithMetadata(): Promise<Buffer> {
  const document = await PDFDocument.create();
  const page = document.addPage();
  const font = await document.embedFont("Helvetica");
  page.drawText(BODY, { x: 50, y: 700, size: 12, font });
  document.setAuthor(AUTHOR);
  document.setTitle(`${COMPANY} safety case`);
  document.setSubject(COMPANY);
  document.setKeywords([COMPANY]);
  document.setCreator(XMP_MARKER);
  document.setProducer(COMPANY);
  const xmp = document.context.stream(
    `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreatorTool="${XMP_MARKER}"/></rdf:RDF></x:xmpmeta>`,
    { Type: "Metadata", Subtype: "XML" },
  );
  document.catalog.set(PDFName.of("Metadata"), document.context.register(xmp));
  return Buffer.from(await document.save({ useObjectStreams: false }));
}

/** A minimal Office package: the main part holds the body; docProps say who wrote it. */
function officeFile(mainPart: string, contentType: string): Promise<Buffer> {
  const zip = new ZipFile();
  const add = (name: string, text: string) => zip.addBuffer(Buffer.from(text, "utf8"), name);
  add(
    "[Content_Types].xml",
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/${mainPart}" ContentType="${contentType}"/></Types>`,
  );
  add(
    "_rels/.rels",
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="${mainPart}"/>` +
      '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
      '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>' +
      '<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="props/custom.xml"/>' +
      "</Relationships>",
  );
  add(
    "docProps/core.xml",
    `<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>${AUTHOR}</dc:creator><cp:lastModifiedBy>${AUTHOR}</cp:lastModifiedBy><dc:title>${COMPANY}</dc:title></cp:coreProperties>`,
  );
  add(
    "docProps/app.xml",
    `<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Company>${COMPANY}</Company><Manager>${AUTHOR}</Manager></Properties>`,
  );
  // Custom properties where the package's relationships say, not in the usual place.
  add(
    "props/custom.xml",
    `<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property name="Client"><vt:lpwstr>${COMPANY}</vt:lpwstr></property></Properties>`,
  );
  add(mainPart, `<body>${BODY}</body>`);
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on("data", (c: Buffer) => chunks.push(c));
    zip.outputStream.on("error", reject);
    zip.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
  });
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

type Uploaded = { bytes: Buffer; filename: string; contentType: string };
let files: Uploaded[];
let evaluator: TestUser;
let staffCookie: string;
let evaluatorCookie: string;
let procurement: Procurement;
let bidId: string;
let label: string;

beforeAll(async () => {
  portal = await startTestPortal();
  files = [
    { bytes: await pdfWithMetadata(), filename: `${COMPANY} safety case.pdf`, contentType: MIME.pdf },
    {
      bytes: await officeFile(
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
      ),
      filename: `${COMPANY} method statement.docx`,
      contentType: MIME.docx,
    },
    {
      bytes: await officeFile(
        "xl/workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
      ),
      filename: `${COMPANY} hazard log.xlsx`,
      contentType: MIME.xlsx,
    },
    // Says it is a PDF, but no PDF reader can open it: its metadata cannot be cleared.
    { bytes: Buffer.from(`%PDF-1.7\nnot really a PDF by ${AUTHOR}\n`), filename: "damaged.pdf", contentType: MIME.pdf },
  ];
  const [alpha, beta] = [await createOrganisation({ legalName: COMPANY }), await createOrganisation()];
  const [staff, alice, bea] = await Promise.all([
    createUser({ role: "staff", totp: true }),
    createUser({ role: "supplier", organisationId: alpha.id }),
    createUser({ role: "supplier", organisationId: beta.id }),
  ]);
  evaluator = await createUser({ role: "evaluator", totp: true });
  procurement = await createProcurement({ bidDeadline: daysFromNow(-1) });
  const scene = await createOpenedTenderWithBids(procurement.id, staff.id, [
    { organisationId: alpha.id, userId: alice.id, text: "Alpha's answer", files },
    { organisationId: beta.id, userId: bea.id, text: "Beta's answer" },
  ]);
  bidId = scene.bids[0].bidId;
  const labelled = await labelledBidders(asSignedIn(staff), scene.tender);
  label = labelled.find((b) => b.bidId === bidId)?.label ?? "";
  const assigned = await assignEvaluator(asSignedIn(staff), procurement, {
    evaluatorId: evaluator.id,
    scope: "all",
    sectionIds: [],
  });
  expect(assigned.ok).toBe(true);
  for (const organisationId of [alpha.id, beta.id]) {
    const declared = await declareConflict(asSignedIn(evaluator), procurement, {
      organisationId,
      hasConflict: "no",
      details: "",
    });
    expect(declared.ok).toBe(true);
  }
  staffCookie = await sessionCookieFor(staff);
  evaluatorCookie = await sessionCookieFor(evaluator);
});

afterAll(async () => {
  await portal.close();
});

const fileUrl = (file: Uploaded) => `/evaluation/${procurement.slug}/bids/${bidId}/files/${sha256(file.bytes)}`;

async function evaluatorDownload(file: Uploaded) {
  const response = await portal.fetch(fileUrl(file), { cookie: evaluatorCookie });
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
}

async function stored(file: Uploaded): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of fileStorage().open(sha256(file.bytes))) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe("the files of a bid, as its evaluator gets them", () => {
  it("names each by bidder label, question and position on the bid page, never as uploaded", async () => {
    const response = await portal.fetch(`/evaluation/${procurement.slug}/bids/${bidId}`, { cookie: evaluatorCookie });
    expect(response.status).toBe(200);
    const html = await response.text();
    for (const name of [
      `${label} – 1.3 – file 1.pdf`,
      `${label} – 1.3 – file 2.docx`,
      `${label} – 1.3 – file 3.xlsx`,
      `${label} – 1.3 – file 4.pdf`,
    ]) {
      expect(html).toContain(name);
    }
    expect(html).not.toContain(COMPANY);
    expect(html).not.toContain("damaged.pdf");
  });

  it("sends a PDF under that name, its Info dictionary and XMP metadata gone, its pages intact", async () => {
    const [pdf] = files;
    const { response, bytes } = await evaluatorDownload(pdf);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(MIME.pdf);
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="${label} _ 1.3 _ file 1.pdf"; filename*=UTF-8''${encodeURIComponent(`${label} – 1.3 – file 1.pdf`)}`,
    );
    expect(response.headers.get("content-length")).toBe(String(bytes.byteLength));
    const copy = await PDFDocument.load(bytes, { updateMetadata: false });
    expect([copy.getAuthor(), copy.getTitle(), copy.getSubject(), copy.getKeywords(), copy.getCreator()]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(copy.getProducer()).toBeUndefined();
    expect(copy.catalog.get(PDFName.of("Metadata"))).toBeUndefined();
    expect(bytes.toString("latin1")).not.toContain(XMP_MARKER);
    expect(await pdfText(bytes)).toContain(BODY);
    expect(copy.getPageCount()).toBe(1);

    // The original is stored, and hashes, exactly as submitted: author and XMP still there.
    const original = await stored(pdf);
    expect(original.equals(pdf.bytes)).toBe(true);
    const asSubmitted = await PDFDocument.load(original, { updateMetadata: false });
    expect(asSubmitted.getAuthor()).toBe(AUTHOR);
    expect(original.toString("latin1")).toContain(XMP_MARKER);
  });

  it("sends DOCX and XLSX files with empty core, extended and custom properties, every other part unchanged", async () => {
    for (const [index, file] of files.slice(1, 3).entries()) {
      const { response, bytes } = await evaluatorDownload(file);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-disposition")).toContain(
        encodeURIComponent(`${label} – 1.3 – file ${index + 2}.${file.filename.split(".").pop()}`),
      );
      const copy = await unzip(bytes);
      const original = await unzip(file.bytes);
      expect([...copy.keys()]).toEqual([...original.keys()]);
      for (const part of ["docProps/core.xml", "docProps/app.xml", "props/custom.xml"]) {
        const text = copy.get(part)?.toString("utf8") ?? "";
        expect(text, part).toMatch(/^<\?xml/);
        expect(text, part).not.toContain(AUTHOR);
        expect(text, part).not.toContain(COMPANY);
      }
      for (const [path, content] of original) {
        if (path.startsWith("docProps/") || path.startsWith("props/")) continue;
        expect(copy.get(path)?.equals(content), path).toBe(true);
      }
      expect(bytes.toString("latin1")).not.toContain(AUTHOR);
      // Stored as submitted.
      expect((await stored(file)).equals(file.bytes)).toBe(true);
      expect((await unzip(await stored(file))).get("docProps/core.xml")?.toString("utf8")).toContain(AUTHOR);
    }
  });

  it("hands out nothing of a file it cannot copy without its metadata", async () => {
    const { response, bytes } = await evaluatorDownload(files[3]);
    expect(response.status).toBe(422);
    expect(response.headers.get("content-disposition")).toBeNull();
    expect(bytes.toString("utf8")).not.toContain(AUTHOR);
  });

  it("gives staff, once the bids are opened, the original under the name it was uploaded with", async () => {
    const [pdf] = files;
    const response = await portal.fetch(
      `/staff/procurements/${procurement.slug}/tender/bids/${bidId}/files/${sha256(pdf.bytes)}`,
      { cookie: staffCookie },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toContain(encodeURIComponent(pdf.filename));
    expect(Buffer.from(await response.arrayBuffer()).equals(pdf.bytes)).toBe(true);
  });
});
