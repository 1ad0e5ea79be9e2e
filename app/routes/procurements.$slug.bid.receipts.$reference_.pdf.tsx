import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/guards.server";
import { pdfDownload } from "~/pdf/download.server";
import { requirePublishedTender } from "~/tenders/published.server";
import { ownReceipt, renderReceiptPdfOffThread } from "~/bids/receipt-pdf.server";
import { requireProcurement } from "~/procurements/procurements.server";

// A bid receipt as a PDF; the receipt page is its HTML equivalent.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: "supplier" });
  const procurement = await requireProcurement(params.slug);
  const published = await requirePublishedTender(procurement);
  const receipt = await ownReceipt(user, procurement, published, params.reference);
  const pdf = await renderReceiptPdfOffThread(receipt);
  return pdfDownload(pdf, `bid-receipt-${receipt.reference}.pdf`);
}
