// Why the camera did not open, in the person's language. The browser's own message
// (a DOMException's) is English whatever the phone's language, so it is never shown:
// the exception's name chooses the sentence.
import type { Locale } from '../i18n/i18n';

type Reason = 'denied' | 'missing' | 'busy' | 'other';

const messages: Record<Locale, Record<Reason, string>> = {
  'zh-CN': {
    denied: '未获准使用相机：请在浏览器设置中允许本应用使用相机，或手动输入运单号。',
    missing: '没有找到可用的相机，请手动输入运单号。',
    busy: '相机正被其他应用占用，请关闭后重试，或手动输入运单号。',
    other: '无法打开相机，请重试或手动输入运单号。',
  },
  en: {
    denied: 'The camera is not allowed: allow it for this app in the browser settings, or type the waybill number.',
    missing: 'No camera was found; type the waybill number.',
    busy: 'Another app is using the camera; close it and try again, or type the waybill number.',
    other: 'The camera could not be opened; try again or type the waybill number.',
  },
};

/** The reason a getUserMedia failure names, from the exception's name. */
export function cameraReason(err: unknown): Reason {
  const name = err instanceof Error || (typeof DOMException !== 'undefined' && err instanceof DOMException) ? (err as Error).name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'denied';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'missing';
    case 'NotReadableError':
    case 'AbortError':
      return 'busy';
    default:
      return 'other';
  }
}

/** The sentence to show for a camera failure in locale. */
export function cameraError(err: unknown, locale: Locale): string {
  return messages[locale][cameraReason(err)];
}
