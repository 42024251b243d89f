import { describe, expect, it } from 'vitest';
import { cameraError } from './errors';

describe('camera errors', () => {
  it('speaks the person’s language, never the browser’s English', () => {
    const denied = new DOMException('Permission denied', 'NotAllowedError');
    expect(cameraError(denied, 'zh-CN')).toMatch(/^未获准使用相机/);
    expect(cameraError(denied, 'en')).toMatch(/^The camera is not allowed/);
    expect(cameraError(new DOMException('Requested device not found', 'NotFoundError'), 'zh-CN')).toBe('没有找到可用的相机，请手动输入运单号。');
    expect(cameraError(new DOMException('Could not start video source', 'NotReadableError'), 'zh-CN')).toMatch(/占用/);
    expect(cameraError(new Error('boom'), 'zh-CN')).not.toMatch(/boom/);
    expect(cameraError('weird', 'en')).toBe('The camera could not be opened; try again or type the waybill number.');
  });
});
