// This page's camera and microphone: opening them, and swapping one for another device in the
// call (room.js hands them to effects/local.js, which sends them by replaceTrack, no renegotiation).
import { toast } from '../ui/dom.js';
import { mediaErrorMessage } from '../pages/lobby.js';

/** Camera and microphone at up to {@code maxHeight} lines; an empty stream (and a toast) if refused. */
export async function openCameraAndMic(maxHeight) {
  try {
    return await navigator.mediaDevices.getUserMedia({
      audio: true, video: { width: { ideal: Math.round(maxHeight * 16 / 9) }, height: { ideal: maxHeight } },
    });
  } catch (e) {
    toast(mediaErrorMessage(e));
    return new MediaStream();
  }
}

/** A new camera ('video') or microphone ('audio') track from {@code deviceId}. */
export async function openDevice(kind, deviceId, maxHeight) {
  const s = await navigator.mediaDevices.getUserMedia(kind === 'video'
    ? { video: { deviceId: { exact: deviceId }, height: { ideal: maxHeight } } } : { audio: { deviceId: { exact: deviceId } } });
  return kind === 'video' ? s.getVideoTracks()[0] : s.getAudioTracks()[0];
}
