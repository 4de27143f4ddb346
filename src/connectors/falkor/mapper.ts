import type { CertificateRecord, StoryKind, StoryRecord } from '../../domain';
import { asObject, email, id, isoDate, list, need, oneOf, ShapeError, text, wire, type Wire } from '../shape';
import type { FalkorCertificateItemDto, FalkorEnvelopeDto, FalkorStoryGroupDto } from './dto';

const KINDS: readonly StoryKind[] = ['STORY', 'ASSESSMENT', 'SURVEY', 'SCORM'];
const STATES = ['pending', 'delivered'] as const;

/** A list of an answer: absent or null is empty; an array or PHP's index object is read; anything else is unreadable. */
function listOf(v: unknown, what: string): unknown[] {
  if (v === undefined || v === null) return [];
  const l = list(v);
  if (!l) throw new ShapeError(`${what} is not a list`);
  return l;
}

/** Error envelopes `{"status":"error","message":…}` are reported by the client; this reads a success envelope. */
export function storyGroups(body: unknown): unknown[] {
  const o: Wire<FalkorEnvelopeDto> = asObject(body, 'Falkor answer');
  if (o.status !== 'success') throw new ShapeError(`Falkor answer.status is ${JSON.stringify(o.status)}`);
  return listOf(o.data, 'Falkor answer.data');
}

/** Pure: a story. Its ID identifies it (ShapeError without one); name and type are null when absent or odd. `type` arrives in any case. */
export function toStory(raw: unknown): StoryRecord {
  const o = wire<FalkorStoryGroupDto['story']>(raw);
  if (!o) throw new ShapeError('Falkor story is not an object');
  const type = text(o.type)?.toUpperCase() ?? null;
  return {
    source: 'FALKOR',
    sourceId: need(id(o.ID), 'Falkor story.ID'),
    name: text(o.name),
    type: oneOf(type, KINDS),
  };
}

/**
 * Pure: one story group to certificates. A story certificate has no id of its
 * own: the story's ID, the user's email and the delivery timestamp identify it
 * (the key), and the email identifies the holder. Without one of those an item
 * is invalid (ShapeError, see connectors/shape.ts); the timestamp needs only
 * to be present (a string, or a number as its text), since it is a key part
 * as written. Every other field that is
 * absent or not what the doc (004) says is null: issuedOn is the timestamp's
 * own calendar day when it has a real one, the holder's email is null when the
 * identifier is not an email (the doc's own example has "[email protected]").
 * Falkor carries no expiry: expiresOn is null.
 */
export function toCertificates(rawGroup: unknown): CertificateRecord[] {
  const g = wire<FalkorStoryGroupDto>(rawGroup);
  if (!g) throw new ShapeError('Falkor story group is not an object');
  const story = toStory(g.story);
  return listOf(g.certificates, 'Falkor story group.certificates').map((raw) => {
    const what = 'Falkor certificate item';
    const o = wire<FalkorCertificateItemDto>(raw);
    if (!o) throw new ShapeError(`${what} is not an object`);
    const cert = wire<FalkorCertificateItemDto['certificate']>(o.certificate) ?? {};
    const holderId = need(text(o.email), `${what}.email`).toLowerCase();
    const timestamp = need(id(cert.timestamp), `${what}.certificate.timestamp`);
    const state = oneOf(text(cert.state)?.toLowerCase() ?? null, STATES);
    const name = [text(o.firstname), text(o.lastname)].filter(Boolean).join(' ') || null;
    return {
      source: 'FALKOR',
      key: [story.sourceId, holderId, timestamp],
      sourceId: `${story.sourceId}/${holderId}/${timestamp}`,
      name: story.name,
      issuedOn: isoDate(timestamp),
      expiresOn: null,
      pending: state === 'pending',
      revoked: false,
      url: text(cert.url),
      note: null,
      actionType: null,
      validity: null,
      warning: null,
      grade: null,
      workloadHours: null,
      data: {
        state,
        deliveredAt: timestamp,
        telephone: text(o.telephone),
        country: text(o.country),
        city: text(o.city),
      },
      holder: { source: 'FALKOR', sourceId: holderId, type: 'PERSON', name, email: email(holderId), photoUrl: null },
      certification: null,
      story,
    };
  });
}
