import { AppError } from '../../errors/app-error.js';

const SERVED = '/cloudinary/image/upload/{transformations}/{fileId}[.ext]';

/** Why a `/cloudinary/…` path other than `image/upload` is not served, as a 400 a person can act on. */
export function cloudinaryRouteError(path: string): AppError {
  const [resource = '', type = '', third = ''] = path.split('/').filter((part) => part !== '').slice(1);
  const reason = (text: string) => new AppError('invalid_parameter', text, { details: { parameter: 'path' } });
  if (resource === 'video' || resource === 'raw') {
    return reason(`Cloudinary ${resource} delivery is not supported: Convertly serves images, at ${SERVED}`);
  }
  if (resource === 'image' && type === 'fetch') {
    return reason(`Cloudinary fetch URLs (remote images) are not supported: upload the image to Convertly and use ${SERVED}`);
  }
  if (resource === 'image') {
    return reason(`The Cloudinary delivery type ${JSON.stringify(type)} is not served: use ${SERVED}`);
  }
  if ((type === 'image' || type === 'video') && third !== '') {
    return reason(`Drop the cloud name ${JSON.stringify(resource)} from the path: use ${SERVED}`);
  }
  return reason(`Expected a Cloudinary delivery path: ${SERVED}`);
}
