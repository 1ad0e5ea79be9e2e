// Images copied without their text and Exif (PDF and Office files: tests/integration/evaluator-copies.test.ts).
import { describe, expect, it } from "vitest";
import { clearDocumentMetadata, MetadataNotCleared } from "./document-metadata.server";
import { MIME } from "./storage.server";

const AUTHOR = "Olwen Quillfeather";

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  // The CRC is not checked by the copy: any four bytes stand in for it here.
  return Buffer.concat([length, Buffer.from(type, "latin1"), data, Buffer.alloc(4)]);
}

function jpegSegment(marker: number, data: Buffer): Buffer {
  const header = Buffer.from([0xff, marker, 0, 0]);
  header.writeUInt16BE(data.length + 2, 2);
  return Buffer.concat([header, data]);
}

describe("clearing an image's metadata", () => {
  it("drops a PNG's text, Exif and time chunks and keeps the picture's", async () => {
    const header = pngChunk("IHDR", Buffer.alloc(13, 1));
    const picture = pngChunk("IDAT", Buffer.from("compressed pixels"));
    const end = pngChunk("IEND", Buffer.alloc(0));
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      header,
      pngChunk("tEXt", Buffer.from(`Author\0${AUTHOR}`, "latin1")),
      pngChunk("iTXt", Buffer.from(`Copyright\0\0\0\0\0${AUTHOR}`, "latin1")),
      pngChunk("eXIf", Buffer.from(`MM\0*${AUTHOR}`, "latin1")),
      pngChunk("tIME", Buffer.alloc(7)),
      picture,
      end,
    ]);
    const copy = await clearDocumentMetadata(png, MIME.png);
    expect(copy.toString("latin1")).not.toContain(AUTHOR);
    expect(copy).toEqual(Buffer.concat([png.subarray(0, 8), header, picture, end]));
  });

  it("drops a JPEG's Exif, XMP, IPTC and comments and keeps JFIF, the colour profile and the scan", async () => {
    const jfif = jpegSegment(0xe0, Buffer.from("JFIF\0\x01\x02", "latin1"));
    const icc = jpegSegment(0xe2, Buffer.from("ICC_PROFILE\0colours", "latin1"));
    const scan = Buffer.from([0xff, 0xda, 0, 4, 1, 2, 0x10, 0x20, 0xff, 0x00, 0x30, 0xff, 0xd9]);
    const jpeg = Buffer.concat([
      Buffer.from([0xff, 0xd8]),
      jfif,
      jpegSegment(0xe1, Buffer.from(`Exif\0\0Artist ${AUTHOR}`, "latin1")),
      icc,
      jpegSegment(0xed, Buffer.from(`Photoshop 3.0\0${AUTHOR}`, "latin1")),
      jpegSegment(0xfe, Buffer.from(`Taken by ${AUTHOR}`, "latin1")),
      scan,
    ]);
    const copy = await clearDocumentMetadata(jpeg, MIME.jpeg);
    expect(copy.toString("latin1")).not.toContain(AUTHOR);
    expect(copy).toEqual(Buffer.concat([Buffer.from([0xff, 0xd8]), jfif, icc, scan]));
  });

  it("leaves text as it is, and refuses what it cannot read rather than pass it on", async () => {
    const text = Buffer.from(`Written by ${AUTHOR}`);
    expect(await clearDocumentMetadata(text, MIME.txt)).toBe(text);
    await expect(clearDocumentMetadata(Buffer.from("not a picture"), MIME.png)).rejects.toBeInstanceOf(
      MetadataNotCleared,
    );
    await expect(clearDocumentMetadata(Buffer.from("PK not a zip"), MIME.docx)).rejects.toBeInstanceOf(
      MetadataNotCleared,
    );
    await expect(clearDocumentMetadata(text, "application/x-unknown")).rejects.toBeInstanceOf(MetadataNotCleared);
  });
});
