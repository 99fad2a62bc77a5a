// Wire conventions of 1C's standard OData interface shared by the client and the simulator.
export * from './wireConstants.js';
export * from './entitySets.js';
export * from './odataErrorBody.js';
export * from './wireRecord.js';
