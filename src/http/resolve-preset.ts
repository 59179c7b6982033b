import { AppError } from '../errors/app-error.js';
import { parseTransform, type RawQuery } from '../params/parse-transform.js';
import { applyPreset, PRESET_PARAM, presetNameOf } from '../params/preset.js';
import type { TransformSpec } from '../params/transform-spec.js';
import type { Services } from '../services/create-services.js';

/** True when the query names a preset: such URLs are never memoised by the hit path, since the preset may change. */
export function namesPreset(query: RawQuery): boolean {
  return query[PRESET_PARAM] !== undefined;
}

/**
 * The spec a URL renders once its preset (if any) is applied: the workspace's preset first, the URL's parameters
 * on top, parsed again so the cache key is the resolved parameters' (a changed preset is a new key and ETag).
 * @throws invalid_parameter naming `preset` when the workspace has no preset of that name
 */
export async function specWithPreset(services: Services, workspaceId: string, query: RawQuery, parsed: TransformSpec): Promise<TransformSpec> {
  const name = presetNameOf(query);
  if (name === undefined) return parsed;
  const preset = await services.presets.getPreset(workspaceId, name);
  if (preset === null) {
    throw new AppError('invalid_parameter', `No preset ${JSON.stringify(name)} in this workspace (preset=); create it with POST /api/presets or \`convertly presets add\``, {
      details: { parameter: PRESET_PARAM },
    });
  }
  return parseTransform(applyPreset(preset.params, query));
}
