import { Field, ID, ObjectType } from 'type-graphql';
import { Source } from '../enums';

@ObjectType({ simpleResolvers: true, description: 'An entity a forced 4HSE delete would remove with the certificate' })
export class RelatedEntity {
  @Field({ description: 'e.g. certificate, certificate_action, entity_attachment' })
  type: string;
  @Field(() => String, { nullable: true })
  id: string | null;
  @Field(() => String, { nullable: true })
  name: string | null;
}

@ObjectType({ simpleResolvers: true })
export class RevokeCertificatePayload {
  @Field({ description: 'false for a 4HSE preview (force: false): nothing was deleted' })
  revoked: boolean;
  @Field(() => ID)
  certificateId: string;
  @Field(() => Source)
  source: Source;
  @Field(() => [RelatedEntity], { description: 'For a 4HSE preview: what force: true would delete' })
  wouldDelete: RelatedEntity[];
  @Field(() => String, { nullable: true })
  message: string | null;
}
