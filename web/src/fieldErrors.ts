/**
 * Turns a server field error into text to show under its field. Generic schema messages
 * name the field by its JSON pointer ("/name 太短", "/name is too short"); under the field
 * the pointer is replaced by the field's own label ("名称太短", "Name is too short").
 */
import type { FieldError, LocalizedText } from './api';
import { messages, type MessageKey } from './messages';

export function fieldMessage(error: FieldError, label: MessageKey): LocalizedText {
  const { zh, en } = error.message;
  const prefix = `${error.field} `;
  return {
    zh: zh.startsWith(prefix) ? `${messages[label].zh}${zh.slice(prefix.length).trimStart()}` : zh,
    en: en.startsWith(prefix) ? `${messages[label].en} ${en.slice(prefix.length).trimStart()}` : en,
  };
}
