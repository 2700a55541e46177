/** A QR code drawn in the browser from text (the payment URL), as an <img> so it can be saved. */
import { useEffect, useState } from 'react';

export function QrCode({ text, size = 200, alt, testId }: { text: string; size?: number; alt: string; testId?: string }) {
  const [drawn, setDrawn] = useState<{ text: string; src: string } | null>(null);

  useEffect(() => {
    let live = true;
    // Loaded on first use: only the cashier draws QR codes.
    import('qrcode')
      .then(({ default: QRCode }) =>
        QRCode.toDataURL(text, { width: size * 2, margin: 1, errorCorrectionLevel: 'M', color: { dark: '#1f2329', light: '#ffffff' } }),
      )
      .then((src) => {
        if (live) setDrawn({ text, src });
      })
      .catch(() => {
        if (live) setDrawn(null);
      });
    return () => {
      live = false;
    };
  }, [text, size]);

  const src = drawn?.text === text ? drawn.src : null;
  return src ? (
    <img className="qr-image" src={src} width={size} height={size} alt={alt} data-testid={testId} data-content={text} />
  ) : (
    <span className="qr-image qr-placeholder" style={{ width: size, height: size }} aria-busy="true" />
  );
}
