// Texts of the settings sections in 我的 (push notifications, photo location). Loaded with
// that lazy screen, never in the first screen's JavaScript: they translate with
// `usePushI18n`.
import { catalogTranslator, useI18n, type Locale, type Translator } from './i18n';

export const pushSettingsZhCN = {
  'push.title': '通知',
  'push.hint': '关闭应用时也能收到换班请求、待审批、审批结果、工单交接与升级和排班变动；非紧急通知在您的班次内送达。',
  'push.unsupported': '此浏览器不支持推送通知。',
  'push.denied': '通知已被禁止，请在浏览器设置中允许本站发送通知。',
  'push.label': '设备名称(可选)',
  'push.labelHint': '例如:我的手机',
  'push.enable': '在本机开启通知',
  'push.enabling': '正在开启…',
  'push.failed': '开启失败:{message}',
  'push.devices': '已开启通知的设备',
  'push.none': '还没有设备开启通知。',
  'push.unnamed': '未命名设备',
  'push.thisDevice': '本机',
  'push.since': '开启于 {time}',
  'push.lastDelivered': '最近送达 {time}',
  'push.remove': '关闭 {name} 的通知',
  'push.removeShort': '关闭',
  'place.title': '照片位置',
  'place.consent': '拍照时记录位置',
  'place.hint': '开启后，您拍的证据照片会附上手机给出的位置和精度，只有您和您网点的主管、经理、管理员能看到。可随时关闭，不开启不影响使用。',
} as const;

export type PushKey = keyof typeof pushSettingsZhCN;

export const pushSettingsEn: Record<PushKey, string> = {
  'push.title': 'Notifications',
  'push.hint': 'Get swap requests, approvals, decisions, tickets handed over or escalated and roster changes even with the app closed; anything not urgent arrives during your shifts.',
  'push.unsupported': 'This browser cannot receive push notifications.',
  'push.denied': 'Notifications are blocked; allow them for this site in the browser settings.',
  'push.label': 'Device name (optional)',
  'push.labelHint': 'e.g. My phone',
  'push.enable': 'Turn on notifications on this phone',
  'push.enabling': 'Turning on…',
  'push.failed': 'Could not turn on: {message}',
  'push.devices': 'Devices with notifications on',
  'push.none': 'No device has notifications on yet.',
  'push.unnamed': 'Unnamed device',
  'push.thisDevice': 'This phone',
  'push.since': 'On since {time}',
  'push.lastDelivered': 'Last delivered {time}',
  'push.remove': 'Turn off notifications on {name}',
  'push.removeShort': 'Turn off',
  'place.title': 'Photo location',
  'place.consent': 'Record where I take photos',
  'place.hint': 'When on, your evidence photos carry the position and accuracy your phone gives; only you and your depot’s supervisors, managers and admins see it. Switch it off at any time; nothing needs it.',
};

const translator = catalogTranslator<PushKey>({ 'zh-CN': pushSettingsZhCN, en: pushSettingsEn });

/** The push settings' texts in the UI language (re-renders when the language changes). */
export function usePushI18n(): { locale: Locale; pt: Translator<PushKey> } {
  const { locale } = useI18n();
  return { locale, pt: translator(locale) };
}
