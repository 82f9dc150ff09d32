// This page's camera and microphone: opening them, and swapping one for another device in the
// call (replaceTrack, no renegotiation).
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

/**
 * Replaces {@code stream}'s camera ('video') or microphone ('audio') by {@code deviceId}: the old
 * track is stopped, the new one starts {@code enabled} as the old one was and is sent in its place.
 */
export async function switchDevice(stream, media, kind, deviceId, { maxHeight, enabled }) {
  const s = await navigator.mediaDevices.getUserMedia(kind === 'video'
    ? { video: { deviceId: { exact: deviceId }, height: { ideal: maxHeight } } } : { audio: { deviceId: { exact: deviceId } } });
  const [track] = kind === 'video' ? s.getVideoTracks() : s.getAudioTracks();
  const old = kind === 'video' ? stream.getVideoTracks() : stream.getAudioTracks();
  old.forEach((t) => { stream.removeTrack(t); t.stop(); });
  track.enabled = enabled;
  stream.addTrack(track);
  await media.replace(kind === 'video' ? 'camera' : 'microphone', track);
}
