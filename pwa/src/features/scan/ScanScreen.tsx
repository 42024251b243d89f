import { useEffect, useRef, useState } from 'preact/hooks';
import { cameraError as cameraErrorText } from '../../camera/errors';
import { linkTo } from '../../app/router';
import { createReader, scanLoop, startCamera } from '../../camera/barcode';
import { MAX_PHOTO_SIDE, resizePhoto, type ResizedPhoto } from '../../camera/resize';
import { checkWaybill } from '../../camera/waybill';
import { formatBytes, formatNumber, useI18n } from '../../i18n/i18n';

export function ScanScreen() {
  const { t, locale } = useI18n();
  const videoRef = useRef<HTMLVideoElement>(null);
  const stopRef = useRef<(() => void) | null>(null);
  const [scanning, setScanning] = useState(false);
  const [cameraError, setCameraError] = useState<string | null>(null);
  const [number, setNumber] = useState('');
  const [checked, setChecked] = useState<string | null>(null);
  const [found, setFound] = useState<string | null>(null);
  const [photo, setPhoto] = useState<(ResizedPhoto & { url: string }) | null>(null);
  const [photoError, setPhotoError] = useState<string | null>(null);

  useEffect(() => () => stopRef.current?.(), []);
  useEffect(() => () => photo && URL.revokeObjectURL(photo.url), [photo]);

  function check(value: string) {
    const result = checkWaybill(value);
    setChecked(
      result.ok
        ? t('scan.valid', { number: result.number })
        : t(result.reason === 'format' ? 'scan.invalid.format' : 'scan.invalid.checkDigit'),
    );
    return result.ok;
  }

  async function startScan() {
    setCameraError(null);
    const video = videoRef.current;
    if (!video) return;
    const abort = new AbortController();
    try {
      const [stopCamera, reader] = await Promise.all([startCamera(video), createReader()]);
      stopRef.current = () => {
        abort.abort();
        stopCamera();
        setScanning(false);
      };
      setScanning(true);
      await scanLoop(
        video,
        reader,
        (text) => {
          setFound(text);
          setNumber(text);
          const ok = check(text);
          // A QR code may carry other text; keep scanning until a waybill turns up.
          if (ok) stopRef.current?.();
          return ok;
        },
        abort.signal,
      );
    } catch (err) {
      stopRef.current?.();
      setCameraError(cameraErrorText(err, locale));
    }
  }

  async function onPhoto(e: Event) {
    const file = (e.currentTarget as HTMLInputElement).files?.[0];
    if (!file) return;
    setPhotoError(null);
    try {
      const resized = await resizePhoto(file);
      setPhoto({ ...resized, url: URL.createObjectURL(resized.blob) });
    } catch (err) {
      setPhotoError(t('scan.photoFailed', { message: err instanceof Error ? err.message : String(err) }));
    }
  }

  return (
    <div class="stack">
      <a class="back" href="/today" onClick={linkTo('/today')}>
        ← {t('scan.back')}
      </a>

      <section class="card">
        <div class="viewfinder" hidden={!scanning}>
          <video ref={videoRef} aria-label={t('scan.viewfinder')} playsInline muted />
        </div>
        {scanning ? (
          <>
            <p class="muted" role="status">
              {t('scan.scanning')}
            </p>
            <button type="button" class="btn block" onClick={() => stopRef.current?.()}>
              {t('scan.stop')}
            </button>
          </>
        ) : (
          <button type="button" class="btn primary block" onClick={() => void startScan()}>
            {t('scan.start')}
          </button>
        )}
        {cameraError && (
          <p class="error" role="alert">
            {cameraError}
          </p>
        )}
        {found && <p class="muted small">{t('scan.found', { text: found })}</p>}
      </section>

      <form
        class="card"
        onSubmit={(e) => {
          e.preventDefault();
          check(number);
        }}
      >
        <label for="waybill">{t('scan.manual')}</label>
        <div class="inline">
          <input
            id="waybill"
            value={number}
            placeholder={t('scan.manualHint')}
            autocapitalize="characters"
            autocomplete="off"
            spellcheck={false}
            onInput={(e) => {
              setNumber(e.currentTarget.value);
              setChecked(null);
            }}
          />
          <button type="submit" class="btn">
            {t('scan.check')}
          </button>
        </div>
        {checked && (
          <p class="muted" role="status">
            {checked}
          </p>
        )}
      </form>

      <section class="card">
        <label class="btn block file" for="photo">
          {t('scan.photo')}
        </label>
        <input id="photo" class="visually-hidden" type="file" accept="image/*" capture="environment" onChange={(e) => void onPhoto(e)} />
        <p class="muted small">{t('scan.photoHint', { max: formatNumber(MAX_PHOTO_SIDE, locale) })}</p>
        {photoError && (
          <p class="error" role="alert">
            {photoError}
          </p>
        )}
        {photo && (
          <>
            <img class="preview" src={photo.url} alt={t('scan.preview')} width={photo.width} height={photo.height} />
            <p class="muted small" role="status">
              {t('scan.photoResult', {
                width: photo.width,
                height: photo.height,
                size: formatBytes(photo.blob.size, locale),
                original: formatBytes(photo.originalBytes, locale),
              })}
            </p>
          </>
        )}
      </section>
    </div>
  );
}
