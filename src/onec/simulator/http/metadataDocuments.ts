// The service document and $metadata (EDMX, namespace StandardODATA, container EnterpriseV8 as in 1C), both
// generated from the entity schemas.
import { ONEC_SET_NAMES, TYPE_NAMESPACE } from '../../wire/index.js';
import type { EntitySchema, PropertySchema } from '../entitySchemas.js';
import { ENTITY_SCHEMAS } from '../entitySchemas.js';

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function propertyXml(property: PropertySchema): string {
  const nullable = property.name === 'Ref_Key' ? ' Nullable="false"' : '';
  return `<Property Name="${escapeXml(property.name)}" Type="${property.type}"${nullable}/>`;
}

function entityTypeXml(schema: EntitySchema): string {
  const collections = schema.collections.map(
    (c) => `<Property Name="${escapeXml(c.name)}" Type="Collection(${TYPE_NAMESPACE}.${escapeXml(c.rowType)})" Nullable="false"/>`,
  );
  return [
    `<EntityType Name="${escapeXml(schema.set)}">`,
    '<Key><PropertyRef Name="Ref_Key"/></Key>',
    ...schema.properties.map(propertyXml),
    ...collections,
    '</EntityType>',
  ].join('');
}

function rowTypesXml(schema: EntitySchema): string[] {
  return schema.collections.map((c) => `<ComplexType Name="${escapeXml(c.rowType)}">${c.rows.map(propertyXml).join('')}</ComplexType>`);
}

let metadataCache: string | null = null;

/** The EDMX document answered for `$metadata`. */
export function metadataXml(): string {
  if (metadataCache !== null) return metadataCache;
  const schemas = ONEC_SET_NAMES.map((set) => ENTITY_SCHEMAS[set]);
  metadataCache = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<edmx:Edmx xmlns:edmx="http://schemas.microsoft.com/ado/2007/06/edmx" Version="1.0">',
    '<edmx:DataServices xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata" m:DataServiceVersion="3.0" m:MaxDataServiceVersion="3.0">',
    `<Schema xmlns="http://schemas.microsoft.com/ado/2009/11/edm" Namespace="${TYPE_NAMESPACE}">`,
    ...schemas.map(entityTypeXml),
    ...schemas.flatMap(rowTypesXml),
    '<EntityContainer Name="EnterpriseV8" m:IsDefaultEntityContainer="true">',
    ...schemas.map((s) => `<EntitySet Name="${escapeXml(s.set)}" EntityType="${TYPE_NAMESPACE}.${escapeXml(s.set)}"/>`),
    '</EntityContainer>',
    '</Schema>',
    '</edmx:DataServices>',
    '</edmx:Edmx>',
  ].join('\n');
  return metadataCache;
}

/** The service document in JSON (`$format=json`): the list of published sets. */
export function serviceDocumentJson(baseUrl: string): unknown {
  return { 'odata.metadata': `${baseUrl}$metadata`, value: ONEC_SET_NAMES.map((set) => ({ name: set, url: set })) };
}

/** The service document in AtomPub XML, which 1C answers without `$format`. */
export function serviceDocumentXml(baseUrl: string): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<service xmlns="http://www.w3.org/2007/app" xmlns:atom="http://www.w3.org/2005/Atom" xml:base="${escapeXml(baseUrl)}">`,
    '<workspace><atom:title>Default</atom:title>',
    ...ONEC_SET_NAMES.map((set) => `<collection href="${escapeXml(set)}"><atom:title>${escapeXml(set)}</atom:title></collection>`),
    '</workspace></service>',
  ].join('\n');
}
