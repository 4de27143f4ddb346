import { Field, ID, ObjectType } from 'type-graphql';
import { Source } from '../enums';

@ObjectType({ simpleResolvers: true, description: 'An entity a forced 4HSE delete would remove with the certificate' })
export class RelatedEntity {
  @Field({ description: "4HSE's entity type, e.g. certificate, certificate_action, entity_attachment" })
  type: string;
  @Field(() => String, { nullable: true, description: "4HSE's identifier of the entity (not a global ID of this API); null when 4HSE sends none" })
  id: string | null;
  @Field(() => String, { nullable: true, description: "The entity's name, for showing the user what would go; null when 4HSE sends none" })
  name: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'What revokeCertificate did, or for a 4HSE preview (force: false) what it would do' })
export class RevokeCertificatePayload {
  @Field({ description: 'True when the certificate was revoked or deleted; false for a 4HSE preview (force: false): nothing was deleted' })
  revoked: boolean;
  @Field(() => ID, { description: 'The ID given to revokeCertificate' })
  certificateId: string;
  @Field(() => Source, { description: "The certificate's source" })
  source: Source;
  @Field(() => [RelatedEntity], { description: 'For a 4HSE preview: what force: true would delete; empty otherwise' })
  wouldDelete: RelatedEntity[];
  @Field(() => String, { nullable: true, description: 'A message to show the user: for a 4HSE preview, that nothing was deleted; for Ensinio, its own answer; else null' })
  message: string | null;
}
