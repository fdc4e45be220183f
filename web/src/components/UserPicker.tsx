// Choosing a person for a field that takes a user id (the technician to dispatch, a stand-in, an
// inspector): the people the platform lists for that role, or the id typed in.
import { Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { usePeople } from '../people';

export function UserPicker({ role, value, onChange, id, label }: { role?: string; value?: unknown; onChange?: (v: unknown) => void; id?: string; label?: string }) {
  const { t } = useTranslation();
  const people = usePeople(role);
  if (!people.available) {
    return <Input id={id} aria-label={label} value={value as string | undefined} onChange={(e) => onChange?.(e.target.value.trim())} placeholder={t('form.userIdHelp')} style={{ maxWidth: 420 }} />;
  }
  return (
    <Select
      id={id}
      aria-label={label}
      showSearch
      optionFilterProp="label"
      value={value as string | undefined}
      onChange={onChange}
      loading={people.loading}
      options={people.list.map((p) => ({ value: p.id, label: p.name }))}
      style={{ minWidth: 260 }}
    />
  );
}
