// A form built from a request schema of the API: one input per field, in the field's own type
// (money, dates, lists, nested objects), labelled from the catalogues; a 400's details mark the
// fields the API named, and a refusal (403, 409) is shown in plain words above the form.
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, DatePicker, Form, Input, InputNumber, Radio, Select, Space, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { ErrorAlert } from './ErrorAlert';
import { choicesOf, type JsonSchema, namePathOf, prune, widgetOf } from './schema';

export type NamePath = (string | number)[];

/** A field whose input the page supplies itself (a person picker), by the field's name. */
export type CustomWidgets = Record<string, (props: { value?: unknown; onChange?: (v: unknown) => void; id?: string }) => ReactNode>;

const NULL_SUFFIX = '__undetermined';

export function humanize(key: string): string {
  return key.replace(/([A-Z])/g, ' $1').replace(/_/g, ' ').toLowerCase();
}

function useLabels() {
  const { t } = useTranslation();
  return {
    field: (key: string) => t(`field.${key}`, { defaultValue: humanize(key) }),
    option: (key: string, value: string) => (key.endsWith('Stage') ? t(`stage.complaint.${value}`, { defaultValue: value }) : t(`enum.${value}`, { defaultValue: value })),
  };
}

/** Converts the form's values into what the API takes, following the schema. */
export function toApi(schema: JsonSchema, value: unknown): unknown {
  if (value === undefined || value === null) return value;
  switch (widgetOf(schema)) {
    case 'date':
      return dayjs.isDayjs(value) ? value.format('YYYY-MM-DD') : value;
    case 'month':
      return dayjs.isDayjs(value) ? value.format('YYYY-MM') : value;
    case 'instant':
      return dayjs.isDayjs(value) ? value.toISOString() : value;
    case 'money':
      return value === '' ? undefined : Number(value).toFixed(2);
    case 'choice': {
      const v = value as { kind?: string; text?: string };
      return v.kind && v.text?.trim() ? { [v.kind]: v.text.trim() } : undefined;
    }
    case 'objectList':
      return Array.isArray(value) ? value.map((v) => toApi(schema.items ?? {}, v)) : value;
    case 'object': {
      const v = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [key, prop] of Object.entries(schema.properties ?? {})) {
        if (prop.nullable && v[`${key}${NULL_SUFFIX}`]) out[key] = null;
        else out[key] = toApi(prop, v[key]);
      }
      return out;
    }
    default:
      return value;
  }
}

function FieldInput({ name, keyName, schema, required, widgets, listName }: { name: NamePath; keyName: string; schema: JsonSchema; required: boolean; widgets?: CustomWidgets; listName?: NamePath }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const label = labels.field(keyName);
  const rules = required ? [{ required: true, message: t('form.required') }] : [];
  const widget = widgetOf(schema);
  const custom = widgets?.[keyName];
  if (custom) {
    return (
      <Form.Item name={name} label={label} rules={rules}>
        {custom({})}
      </Form.Item>
    );
  }
  switch (widget) {
    case 'object':
      return (
        <Card size="small" title={label} style={{ marginBottom: 16 }}>
          {Object.entries(schema.properties ?? {}).map(([k, s]) => (
            <FieldInput key={k} name={[...name, k]} keyName={k} schema={s} required={(schema.required ?? []).includes(k)} widgets={widgets} listName={listName} />
          ))}
        </Card>
      );
    case 'objectList':
      return (
        <Form.List name={name} initialValue={(schema.minItems ?? 0) > 0 ? [{}] : []}>
          {(fields, { add, remove }) => (
            <Card size="small" title={label} style={{ marginBottom: 16 }}>
              {fields.map((f) => (
                <Space key={f.key} align="start" wrap style={{ display: 'flex', marginBottom: 8 }}>
                  {Object.entries(schema.items?.properties ?? {}).map(([k, s]) => (
                    <FieldInput key={k} name={[f.name, k]} keyName={k} schema={s} required={(schema.items?.required ?? []).includes(k)} widgets={widgets} />
                  ))}
                  <Button type="text" aria-label={t('form.removeRow')} icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
                {t('form.addRow', { what: label })}
              </Button>
            </Card>
          )}
        </Form.List>
      );
    case 'choice': {
      const choices = choicesOf(schema);
      return (
        <Form.Item label={label} required={required}>
          <Space.Compact>
            <Form.Item name={[...name, 'kind']} noStyle initialValue={choices[0]?.key}>
              <Select aria-label={label} style={{ width: 120 }} options={choices.map((c) => ({ value: c.key, label: labels.field(c.key) }))} />
            </Form.Item>
            <Form.Item name={[...name, 'text']} noStyle rules={rules}>
              <Input aria-label={label} style={{ width: 200 }} />
            </Form.Item>
          </Space.Compact>
        </Form.Item>
      );
    }
    case 'boolean':
      return required ? (
        <Form.Item name={name} label={label} rules={rules}>
          <Radio.Group
            options={[
              { label: t('form.yes'), value: true },
              { label: t('form.no'), value: false },
            ]}
          />
        </Form.Item>
      ) : (
        <Form.Item name={name} label={label} valuePropName="checked">
          <Switch />
        </Form.Item>
      );
    case 'enum':
      return (
        <Form.Item name={name} label={label} rules={rules}>
          <Select allowClear={!required} options={(schema.enum ?? []).map((v) => ({ value: v as string, label: labels.option(keyName, String(v)) }))} style={{ minWidth: 180 }} />
        </Form.Item>
      );
    case 'tags':
      return (
        <Form.Item name={name} label={label} rules={required ? [{ required: true, type: 'array', min: 1, message: t('form.required') }] : []} extra={t('form.tagsHelp')}>
          <Select mode="tags" open={false} tokenSeparators={[',', '，', '、', ';']} style={{ minWidth: 260 }} />
        </Form.Item>
      );
    case 'integer':
    case 'number': {
      const input = <InputNumber min={schema.minimum} max={schema.maximum} precision={widget === 'integer' ? 0 : undefined} step={widget === 'integer' ? 1 : 0.01} style={{ width: 180 }} />;
      if (!schema.nullable) {
        return (
          <Form.Item name={name} label={label} rules={rules}>
            {input}
          </Form.Item>
        );
      }
      const nullName = [...name.slice(0, -1), `${String(name[name.length - 1])}${NULL_SUFFIX}`];
      return (
        <Form.Item label={label} required={required}>
          <Space>
            <Form.Item noStyle dependencies={[nullName]}>
              {({ getFieldValue }) => (
                <Form.Item name={name} noStyle rules={getFieldValue(nullName) ? [] : rules}>
                  <InputNumber aria-label={label} min={schema.minimum} precision={0} disabled={!!getFieldValue(nullName)} style={{ width: 180 }} />
                </Form.Item>
              )}
            </Form.Item>
            <Form.Item name={nullName} valuePropName="checked" noStyle>
              <Checkbox>{t('form.undetermined')}</Checkbox>
            </Form.Item>
          </Space>
        </Form.Item>
      );
    }
    case 'money':
      return (
        <Form.Item name={name} label={label} rules={rules}>
          <InputNumber min={0} precision={2} step={100} prefix="¥" style={{ width: 200 }} />
        </Form.Item>
      );
    case 'date':
      return (
        <Form.Item name={name} label={label} rules={rules}>
          <DatePicker />
        </Form.Item>
      );
    case 'month':
      return (
        <Form.Item name={name} label={label} rules={rules}>
          <DatePicker picker="month" />
        </Form.Item>
      );
    case 'instant':
      return (
        <Form.Item name={name} label={label} rules={rules}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
      );
    case 'longtext':
      return (
        <Form.Item name={name} label={label} rules={rules}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={schema.maxLength} />
        </Form.Item>
      );
    default:
      return (
        <Form.Item name={name} label={label} rules={rules}>
          <Input maxLength={schema.maxLength} style={{ maxWidth: 420 }} />
        </Form.Item>
      );
  }
}

export interface SchemaFormProps {
  schema: JsonSchema;
  /** Fields the page fills itself (the `action` discriminator). */
  omit?: string[];
  /** Fixed values sent with every submission. */
  fixed?: Record<string, unknown>;
  initialValues?: Record<string, unknown>;
  submitLabel: string;
  widgets?: CustomWidgets;
  onSubmit: (body: Record<string, unknown>) => Promise<unknown>;
  onDone?: (result: unknown) => void;
  danger?: boolean;
  testId?: string;
}

export function SchemaForm({ schema, omit = ['action'], fixed = {}, initialValues, submitLabel, widgets, onSubmit, onDone, danger, testId }: SchemaFormProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const fields = Object.entries(schema.properties ?? {}).filter(([k]) => !omit.includes(k));

  const submit = async (values: Record<string, unknown>) => {
    setBusy(true);
    setError(null);
    setUnplaced([]);
    try {
      const body = { ...((prune(toApi(schema, values)) as Record<string, unknown> | undefined) ?? {}), ...fixed };
      const result = await onSubmit(body);
      form.resetFields();
      onDone?.(result);
    } catch (err) {
      setError(err);
      if (err instanceof ApiError && err.details.length) {
        const known = new Set(fields.map(([k]) => k));
        const placed = err.details.filter((d) => known.has(String(namePathOf(d.field)[0])));
        form.setFields(placed.map((d) => ({ name: namePathOf(d.field), errors: [d.message] })));
        setUnplaced(err.details.filter((d) => !placed.includes(d)).map((d) => `${d.field}: ${d.message}`));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form form={form} layout="vertical" onFinish={submit} initialValues={initialValues} data-testid={testId} scrollToFirstError>
      {error !== null && <ErrorAlert error={error} />}
      {unplaced.length > 0 && <Alert type="warning" title={unplaced.join('; ')} style={{ marginBottom: 16 }} />}
      {fields.map(([k, s]) => (
        <FieldInput key={k} name={[k]} keyName={k} schema={s} required={(schema.required ?? []).includes(k)} widgets={widgets} />
      ))}
      <Button type="primary" danger={danger} htmlType="submit" loading={busy}>
        {submitLabel}
      </Button>
    </Form>
  );
}

export type { Dayjs };
