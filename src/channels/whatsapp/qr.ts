/**
 * The pairing QR code: printed in the terminal (docker compose logs) and kept as a data URL
 * for the dashboard's admin page. The QR text is a pairing secret: it never goes to the log.
 */
import QRCode from 'qrcode';

export interface RenderedQr {
  terminal: string;
  dataUrl: string;
}

export async function renderQr(qr: string): Promise<RenderedQr> {
  const [terminal, dataUrl] = await Promise.all([
    QRCode.toString(qr, { type: 'terminal', small: true }),
    QRCode.toDataURL(qr, { errorCorrectionLevel: 'M', margin: 2, width: 320 }),
  ]);
  return { terminal, dataUrl };
}

export const terminalBanner = (terminal: string): string =>
  `\nPindai kode QR ini dengan WhatsApp kantor (Perangkat tertaut → Tautkan perangkat):\n${terminal}\n`;
