import {
  buildClientSchema,
  getIntrospectionQuery,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
  type IntrospectionQuery,
} from 'graphql';
import { startTestGateway, type TestGateway } from '../helpers/gateway';

/**
 * Issue 10, item 7: what a frontend developer reads in GraphiQL or generated
 * types. The schema linters check schema.graphql in `npm run lint`; this reads
 * the schema the running gateway serves, by introspection over HTTP, and lists
 * every schema coordinate that has no description.
 */
describe('descriptions in the served schema', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('every type, field, argument, enum value and input field has one', async () => {
    const r = await gw.query<IntrospectionQuery>(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }));
    expect(r.body.errors).toBeUndefined();
    const schema = buildClientSchema(r.body.data!);
    const missing: string[] = [];
    const need = (coordinate: string, description: string | null | undefined) => {
      if (!description?.trim()) missing.push(coordinate);
    };
    let described = 0;
    for (const type of Object.values(schema.getTypeMap())) {
      if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
      need(type.name, type.description);
      if (isObjectType(type) || isInterfaceType(type)) {
        for (const field of Object.values(type.getFields())) {
          need(`${type.name}.${field.name}`, field.description);
          for (const arg of field.args) need(`${type.name}.${field.name}(${arg.name}:)`, arg.description);
        }
      } else if (isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) need(`${type.name}.${field.name}`, field.description);
      } else if (isEnumType(type)) {
        for (const value of type.getValues()) need(`${type.name}.${value.name}`, value.description);
      }
      described += 1;
    }
    expect(missing).toEqual([]);
    // The walk saw the whole schema, root types included.
    expect(described).toBeGreaterThan(30);
    expect(schema.getQueryType()?.description).toMatch(/^Reads/);
    expect(schema.getMutationType()?.description).toMatch(/^Writes/);
    expect(schema.getSubscriptionType()?.description).toMatch(/^Live events/);
  });
});
