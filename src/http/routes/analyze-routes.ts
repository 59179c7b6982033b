import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { analyzeImage } from '../../analyze/analyze-image.js';
import { AppError } from '../../errors/app-error.js';
import type { Services } from '../../services/create-services.js';
import { findStoredFile, readOriginal } from '../../services/stored-files.js';
import { findPathFile } from '../../services/sources/source-files.js';
import { checkSourcePath } from '../../services/sources/source-path.js';
import type { Metrics } from '../metrics.js';
import { requireWorkspace } from '../principal.js';
import type { QuotaGate } from '../quota-gate.js';
import { isUploadRequest, readUpload } from '../read-upload.js';
import { ANALYZE_BODY } from '../schemas/file-schemas.js';
import { ref } from '../schemas/json-schema.js';

const StoredFileBody = z.union([
  z.object({ fileId: z.string().min(1).max(100) }).strict(),
  z.object({ source: z.string().min(1).max(100), path: z.string().min(1).max(2048) }).strict(),
]);

/** `POST /api/images/analyze`: a stored file (JSON `{"fileId"}`, result saved with it) or a fresh multipart upload. */
export function registerAnalyzeRoutes(app: FastifyInstance, services: Services, metrics: Metrics, quota: QuotaGate): void {
  const { limits } = services.config;
  app.post('/api/images/analyze', {
    schema: { summary: 'Find faces, a focal point, crops and a palette (one media operation)', tags: ['analyze'], response: { 200: ref('Analysis') } },
    config: { openapi: { body: ANALYZE_BODY } },
  }, async (request, reply) => {
    const workspaceId = requireWorkspace(request.principal);
    let bytes: Buffer;
    let fileId: string | null = null;
    if (isUploadRequest(request)) {
      bytes = (await readUpload(request, limits.maxUploadBytes)).bytes;
    } else {
      const parsed = StoredFileBody.safeParse(request.body);
      if (!parsed.success) {
        throw new AppError('invalid_parameter', 'Expected a JSON body {"fileId": "f_…"} or {"source": NAME, "path": P}, or a multipart upload in the field "file"');
      }
      const body = parsed.data;
      const file = 'fileId' in body
        ? await findStoredFile(services, workspaceId, body.fileId)
        : await findPathFile(services, workspaceId, body.source, checkSourcePath(body.path.replace(/^\/+/, '')));
      fileId = file.id;
      bytes = await readOriginal(services, file);
    }
    return services.work.run(async () => {
      const charged = await quota.charge(workspaceId, reply);
      const stop = metrics.analyzeSeconds.startTimer();
      try {
        const result = await analyzeImage(bytes, { pool: services.pool, limits });
        if (fileId !== null) await services.files.saveAnalysis(workspaceId, fileId, result);
        return result;
      } catch (error) {
        // No charge without a result, also when the disk is full (the refund may spend the reserve).
        await services.reserve.withReserve(() => charged.refund());
        throw error;
      } finally {
        stop();
      }
    });
  });
}
