import type { CertificateRecord, StoryKind, StoryRecord } from '../../domain';
import { asArray, asObject, optString, reqString, ShapeError } from '../shape';

const KINDS: readonly StoryKind[] = ['STORY', 'ASSESSMENT', 'SURVEY', 'SCORM'];

/** Error envelopes `{"status":"error","message":…}` are reported by the client; this reads a success envelope. */
export function storyGroups(body: unknown): unknown[] {
  const o = asObject(body, 'Falkor answer');
  if (o.status !== 'success') throw new ShapeError(`Falkor answer.status is ${JSON.stringify(o.status)}`);
  return asArray(o.data ?? [], 'Falkor answer.data');
}

export function toStory(raw: unknown): StoryRecord {
  const o = asObject(raw, 'Falkor story');
  const type = optString(o, 'type', 'Falkor story')?.toUpperCase() ?? null;
  return {
    source: 'FALKOR',
    sourceId: reqString(o, 'ID', 'Falkor story'),
    name: optString(o, 'name', 'Falkor story'),
    type: type && (KINDS as readonly string[]).includes(type) ? (type as StoryKind) : null,
  };
}

/**
 * Pure: one story group to certificates. A story certificate has no id of its
 * own: story, user email and delivery timestamp identify it. Falkor carries no
 * expiry: issuedOn is the timestamp's own calendar day, expiresOn is null.
 */
export function toCertificates(rawGroup: unknown): CertificateRecord[] {
  const g = asObject(rawGroup, 'Falkor story group');
  const story = toStory(g.story);
  return asArray(g.certificates ?? [], 'Falkor story group.certificates').map((raw) => {
    const what = 'Falkor certificate item';
    const o = asObject(raw, what);
    const cert = asObject(o.certificate, `${what}.certificate`);
    const email = reqString(o, 'email', what).toLowerCase();
    const timestamp = reqString(cert, 'timestamp', `${what}.certificate`);
    if (!/^\d{4}-\d{2}-\d{2}/.test(timestamp)) throw new ShapeError(`${what}.certificate.timestamp is not a date-time`);
    const state = optString(cert, 'state', `${what}.certificate`);
    const name = [optString(o, 'firstname', what), optString(o, 'lastname', what)].filter(Boolean).join(' ') || null;
    return {
      source: 'FALKOR',
      key: [story.sourceId, email, timestamp],
      sourceId: `${story.sourceId}/${email}/${timestamp}`,
      name: story.name,
      issuedOn: timestamp.slice(0, 10),
      expiresOn: null,
      pending: state === 'pending',
      revoked: false,
      url: optString(cert, 'url', `${what}.certificate`),
      note: null,
      actionType: null,
      validity: null,
      warning: null,
      grade: null,
      workloadHours: null,
      data: {
        state,
        deliveredAt: timestamp,
        telephone: optString(o, 'telephone', what),
        country: optString(o, 'country', what),
        city: optString(o, 'city', what),
      },
      holder: { source: 'FALKOR', sourceId: email, type: 'PERSON', name, email, photoUrl: null },
      certification: null,
      story,
    };
  });
}
