import { useEffect, useRef, useState } from 'preact/hooks';
import { cameraError as cameraErrorText } from '../../camera/errors';
import { checkWaybill, type WaybillCheck } from '../../camera/waybill';
import { useI18n } from '../../i18n/i18n';

/** The message for a failed check, or null when the number is fine. */
export function waybillProblem(check: WaybillCheck) {
  if (check.ok) return null;
  return check.reason === 'format' ? ('scan.invalid.format' as const) : ('scan.invalid.checkDigit' as const);
}

/**
 * A waybill number typed or scanned. The check digit is validated on the phone before
 * anything is sent; `onScanned` fires with a valid number read by the camera.
 */
export function WaybillInput({
  id,
  value,
  onInput,
  onScanned,
  error,
}: {
  id: string;
  value: string;
  onInput: (value: string) => void;
  onScanned: (number: string) => void;
  error: string | null;
}) {
  const { t, locale } = useI18n();
  const videoRef = useRef<HTMLVideoElement>(null);
  const stopRef = useRef<(() => void) | null>(null);
  const [scanning, setScanning] = useState(false);
  const [cameraError, setCameraError] = useState<string | null>(null);

  useEffect(() => () => stopRef.current?.(), []);

  async function startScan() {
    setCameraError(null);
    const video = videoRef.current;
    if (!video) return;
    const abort = new AbortController();
    try {
      // The barcode library loads only when someone scans.
      const { createReader, scanLoop, startCamera } = await import('../../camera/barcode');
      setScanning(true);
      const [stopCamera, reader] = await Promise.all([startCamera(video), createReader()]);
      stopRef.current = () => {
        abort.abort();
        stopCamera();
        setScanning(false);
      };
      await scanLoop(
        video,
        reader,
        (text) => {
          const result = checkWaybill(text);
          if (!result.ok) return false;
          stopRef.current?.();
          onScanned(result.number);
          return true;
        },
        abort.signal,
      );
    } catch (err) {
      stopRef.current?.();
      setScanning(false);
      setCameraError(cameraErrorText(err, locale));
    }
  }

  const errorId = `${id}-error`;
  return (
    <div>
      <label for={id}>{t('scan.manual')}</label>
      <div class="inline">
        <input
          id={id}
          value={value}
          placeholder={t('scan.manualHint')}
          autocapitalize="characters"
          autocomplete="off"
          spellcheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          onInput={(e) => onInput(e.currentTarget.value)}
        />
        <button
          type="button"
          class="btn"
          aria-pressed={scanning}
          onClick={() => (scanning ? stopRef.current?.() : void startScan())}
        >
          {scanning ? t('scan.stop') : t('orders.scan')}
        </button>
      </div>
      <div class="viewfinder" hidden={!scanning}>
        <video ref={videoRef} aria-label={t('scan.viewfinder')} playsInline muted />
      </div>
      {error && (
        <p id={errorId} class="error field-error" role="alert">
          {error}
        </p>
      )}
      {cameraError && (
        <p class="error" role="alert">
          {cameraError}
        </p>
      )}
    </div>
  );
}
