// Deleting a file from any page: the same confirmation, request, message and error display.
import { deleteFile } from '../api.js';
import { confirmDialog, showError, toast } from '../dom.js';

/** Asks, deletes and says so; resolves true when the file is gone, false when cancelled or failed. */
export async function confirmAndDeleteFile(file) {
  const ok = await confirmDialog({
    title: 'Delete this image?',
    message: `“${file.name}” and every cached rendition of it will be deleted. URLs that use it will stop working.`,
    confirmLabel: 'Delete',
  });
  if (!ok) return false;
  try {
    await deleteFile(file.id);
    toast(`Deleted “${file.name}”`);
    return true;
  } catch (error) {
    showError(error);
    return false;
  }
}
