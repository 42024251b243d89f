// Reads waybill barcodes and QR codes from the camera. Uses the browser's BarcodeDetector
// where it exists; otherwise zxing-wasm, loaded on first use, with its wasm file served
// from our own origin (the phones may have no internet, only our server).

export const WAYBILL_FORMATS = ['code_128', 'code_39', 'qr_code', 'ean_13', 'itf', 'data_matrix'] as const;

export interface Reader {
  /** Returns the texts found in the current video frame (often none). */
  read(source: HTMLVideoElement): Promise<string[]>;
}

interface DetectedBarcode {
  rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: CanvasImageSource): Promise<DetectedBarcode[]>;
}
interface BarcodeDetectorCtor {
  new (options?: { formats?: string[] }): BarcodeDetectorLike;
  getSupportedFormats(): Promise<string[]>;
}

async function nativeReader(): Promise<Reader | null> {
  const Ctor = (globalThis as { BarcodeDetector?: BarcodeDetectorCtor }).BarcodeDetector;
  if (!Ctor) return null;
  try {
    const supported = await Ctor.getSupportedFormats();
    const formats = WAYBILL_FORMATS.filter((f) => supported.includes(f));
    if (formats.length === 0) return null;
    const detector = new Ctor({ formats });
    return { read: async (video) => (await detector.detect(video)).map((b) => b.rawValue) };
  } catch {
    return null;
  }
}

async function wasmReader(): Promise<Reader> {
  const [{ prepareZXingModule, readBarcodes }, { default: wasmUrl }] = await Promise.all([
    import('zxing-wasm/reader'),
    import('zxing-wasm/reader/zxing_reader.wasm?url'),
  ]);
  prepareZXingModule({ overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path) } });
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('no 2D canvas');
  return {
    async read(video) {
      if (!video.videoWidth) return [];
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      ctx.drawImage(video, 0, 0);
      const results = await readBarcodes(ctx.getImageData(0, 0, canvas.width, canvas.height), {
        formats: ['Code128', 'Code39', 'QRCode', 'EAN-13', 'ITF', 'DataMatrix'],
        tryHarder: true,
        maxNumberOfSymbols: 1,
      });
      return results.filter((r) => r.isValid).map((r) => r.text);
    },
  };
}

/** The best reader this browser offers. */
export async function createReader(): Promise<Reader> {
  return (await nativeReader()) ?? wasmReader();
}

/** Opens the back camera into `video`; returns a function that stops it. */
export async function startCamera(video: HTMLVideoElement): Promise<() => void> {
  const stream = await navigator.mediaDevices.getUserMedia({
    video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
    audio: false,
  });
  video.srcObject = stream;
  video.setAttribute('playsinline', '');
  video.muted = true;
  await video.play();
  return () => {
    for (const track of stream.getTracks()) track.stop();
    video.srcObject = null;
  };
}

/**
 * Scans frames until `onFound` accepts a text or `signal` aborts. A few frames per second
 * is enough and keeps a mid-range phone cool.
 */
export async function scanLoop(
  video: HTMLVideoElement,
  reader: Reader,
  onFound: (text: string) => boolean,
  signal: AbortSignal,
  intervalMs = 250,
): Promise<void> {
  while (!signal.aborted) {
    try {
      for (const text of await reader.read(video)) {
        if (onFound(text)) return;
      }
    } catch {
      // A frame that fails to decode is normal; try the next one.
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
