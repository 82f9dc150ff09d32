// The server's refusals in the user's language. The REST API ({"error":{"code","message"}}) and
// the signaling socket (error and refused messages) answer with a stable code from the server's
// ErrorCode and an English message; the client shows the code's text from the catalogues, so a
// German user reads German. In English the server's own message is shown, as it is often more
// specific ("Only the host can change roles"). A code not in the table (a newer server) shows the
// server's message. MessageCatalogueTest checks that every code of ErrorCode is in the table.
import { language, msg, t } from './i18n.js';

/** Each wire code's text, English as the catalogue key. */
const TEXTS = {
  bad_request: msg('The server could not understand the request.'),
  malformed_json: msg('The server could not read the request.'),
  invalid_field: msg('A value is missing or not valid.'),
  unknown_account: msg('No account has this address.'),
  unauthorized: msg('Please sign in.'),
  invalid_credentials: msg('Wrong email or password.'),
  invalid_token: msg('Your sign-in or link has expired; sign in or join again.'),
  token_reused: msg('This link was already used; join again.'),
  passcode_required: msg('This meeting needs a passcode.'),
  wrong_passcode: msg('Wrong passcode.'),
  forbidden: msg('You are not allowed to do that.'),
  registration_closed: msg('New accounts cannot be registered on this server.'),
  email_domain_not_allowed: msg('Accounts with this email domain are not allowed here.'),
  guests_not_allowed: msg('Sign in to join this meeting; guests are not allowed.'),
  account_disabled: msg('This account is disabled.'),
  sso_failed: msg('Sign-in with the identity provider failed.'),
  sso_disabled: msg('This sign-in method is not enabled on this server.'),
  local_sign_in_off: msg('This server signs in with single sign-on only.'),
  external_identity_incomplete: msg('The identity provider did not say enough about you to make an account.'),
  not_found: msg('Not found.'),
  method_not_allowed: msg('The server does not allow this request.'),
  conflict: msg('That cannot be done now.'),
  email_taken: msg('An account with this email already exists.'),
  meeting_ended: msg('This meeting has ended or was cancelled.'),
  not_live: msg('The meeting is not live.'),
  recording_active: msg('The meeting is already being recorded.'),
  recording_inactive: msg('The meeting is not being recorded.'),
  e2ee_no_recording: msg('An end-to-end encrypted meeting cannot be recorded.'),
  recording_not_allowed: msg('Recording is turned off for this meeting.'),
  e2ee_policy: msg('This server\'s policy does not allow this choice of end-to-end encryption.'),
  e2ee_locked: msg('End-to-end encryption cannot change once the meeting has started.'),
  e2ee_off: msg('This meeting is not end-to-end encrypted.'),
  payload_too_large: msg('That is too large for the server.'),
  range_not_satisfiable: msg('The requested part of the file does not exist.'),
  disk_full: msg('The server\'s disk is full.'),
  quota_exceeded: msg('Recordings use all the space set aside for them; delete some first.'),
  unsupported_media_type: msg('The server cannot read this kind of data.'),
  rate_limited: msg('Too many requests; wait a moment and try again.'),
  internal_error: msg('Something went wrong on the server.'),
  database_unavailable: msg('The server\'s database is unavailable; try again in a few seconds.'),
  directory_unavailable: msg('The user directory cannot be reached; try again later.'),
  cluster_unavailable: msg('No server can host this meeting now; try again.'),
  wrong_node: msg('This meeting is hosted on another server; join again.'),
  join_timeout: msg('Joining took too long; try again.'),
  server_busy: msg('The server has too many connections open; try again in a few seconds.'),
  already_joined: msg('This connection has already joined.'),
  not_joined: msg('You are not in this meeting.'),
  waiting: msg('You are in the waiting room.'),
  too_large: msg('That message is too large.'),
  malformed: msg('The server could not read a message from this client.'),
  unknown_type: msg('The server does not know this request.'),
  invalid_sdp: msg('The media connection could not be set up.'),
  banned: msg('You were removed from this meeting and cannot enter it again.'),
  meeting_locked: msg('The host has locked this meeting.'),
  meeting_full: msg('This meeting is full.'),
  denied: msg('The host did not let you in.'),
  invalid_target: msg('That cannot be done to this participant.'),
  unmute_not_allowed: msg('The host has not allowed you to unmute.'),
  chat_disabled: msg('The host has turned chat off.'),
  private_chat_disabled: msg('The host has turned private messages off.'),
  webinar_view_only: msg('In this webinar only panelists send audio and video.'),
  screen_share_not_allowed: msg('The host does not allow screen sharing.'),
  recording_unavailable: msg('Recording is not available on this server.'),
  recording_failed: msg('The recording could not be made.'),
  e2ee_no_captions: msg('Live captions are not possible in an end-to-end encrypted meeting.'),
  captions_unavailable: msg('Live captions are not available on this server.'),
  breakouts_closed: msg('The breakout rooms are not open.'),
  breakouts_open: msg('The breakout rooms are open; close them first.'),
  unknown_room: msg('No such breakout room.'),
  choosing_not_allowed: msg('The host assigns the breakout rooms.'),
  invalid_breakouts: msg('The breakout rooms are not set up correctly.'),
};

/**
 * Codes whose server message names the very field, limit or cause (an administrator's detail
 * with no fixed wording): other languages show it after the translated text.
 */
const DETAILED = new Set(['bad_request', 'invalid_field', 'conflict', 'sso_failed', 'invalid_sdp', 'recording_failed', 'invalid_breakouts']);

/** What to show for the server's refusal {@code code} with its English {@code message}. */
export function serverText(code, message) {
  const text = TEXTS[code];
  if (!text) return message || code;
  if (language() === 'en') return message || text;
  return message && DETAILED.has(code) ? t('{message} ({detail})', { message: t(text), detail: message }) : t(text);
}
