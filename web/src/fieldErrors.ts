/**
 * Turns a server field error into text to show under its field. Generic schema messages
 * (codes SCHEMA_*) say only what is wrong ("长度太短", "Is too short"); under the field the
 * field's own label is put in front ("名称长度太短", "Name is too short").
 */
import type { FieldError, LocalizedText } from './api';
import { messages, type MessageKey } from './messages';

export function fieldMessage(error: FieldError, label: MessageKey): LocalizedText {
  const { zh, en } = error.message;
  if (!error.code.startsWith('SCHEMA_')) return { zh, en };
  return {
    zh: `${messages[label].zh}${zh}`,
    en: `${messages[label].en} ${en.charAt(0).toLowerCase()}${en.slice(1)}`,
  };
}
