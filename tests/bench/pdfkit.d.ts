// The few pdfkit calls the benchmark's hand-written scoring pack makes (pdfkit ships no types).
declare module "pdfkit" {
  type TextOptions = {
    width?: number;
    align?: "left" | "center" | "right";
    lineGap?: number;
    lineBreak?: boolean;
    continued?: boolean;
    ellipsis?: boolean;
  };
  type DocumentOptions = {
    size?: string;
    margins?: { top: number; bottom: number; left: number; right: number };
    bufferPages?: boolean;
    info?: Record<string, string>;
  };
  export default class PDFDocument {
    constructor(options?: DocumentOptions);
    on(event: "data", listener: (chunk: Buffer) => void): this;
    on(event: "end", listener: () => void): this;
    addPage(): this;
    font(name: string): this;
    fontSize(size: number): this;
    fillColor(color: string): this;
    strokeColor(color: string): this;
    lineWidth(width: number): this;
    text(text: string, options?: TextOptions): this;
    text(text: string, x: number, y: number, options?: TextOptions): this;
    heightOfString(text: string, options?: TextOptions): number;
    rect(x: number, y: number, width: number, height: number): this;
    fill(color?: string): this;
    stroke(): this;
    moveTo(x: number, y: number): this;
    lineTo(x: number, y: number): this;
    bufferedPageRange(): { start: number; count: number };
    switchToPage(index: number): this;
    end(): void;
  }
}
