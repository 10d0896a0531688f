/**
 * The tools offered to AI agents (`lp mcp`, the VS Code language model tools), editor- and
 * protocol-free: each takes plain values and returns concise, bounded text for a model.
 */
export { DEFAULT_MAX_PROBLEMS, problemLine, TOOL_PRECISIONS, ToolInputError, toolSettings, validateLineProtocol, type ToolProblem, type ValidateOptions, type ValidateRequest, type ValidateResult } from './validate';
export { DEFAULT_MAX_LINES, formatWriteResult, type WriteResultOptions, type WriteTarget } from './writeResult';
export { TOOL_DESCRIPTIONS, type ToolName } from './descriptions';
export { formatBucketSchema, influxQlIdentifier, readBucketSchema, readsWithSql, type ReadSchemaOptions, type SchemaFailure, type SchemaRead, type SchemaTextOptions, type StoredMeasurement } from './bucketSchema';
export { readShardFieldTypes, type ShardFieldsWanted, type ShardGroupType, type ShardTypesRead } from './shardTypes';
