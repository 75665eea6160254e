/**
 * Settings: the UiTPAS API (XML or API 4), its environment and application key or UiTiD client
 * (secrets write-only), printer (+ test print),
 * scanner, offline limits, receipt width, language. Every field is checked with the shared rules
 * before sending and again in main; a problem is shown under its field. Fields set by LOKET_*
 * variables are shown but not editable.
 */
import { useEffect, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldProblem } from '../../../../contract/settings-form.js';
import type { Settings } from '../../../../contract/settings.js';
import { changesFrom, FIELD_PATHS, formFrom, problemsByField, type FormField, type SettingsFormValues } from './settings-form.js';
import { useSettingsScreen } from './settings-store.js';
import { SecretStorageWarning } from '../account/SecretStorageWarning.js';
import { FoundPrinters } from './FoundPrinters.js';
import { CodeMessage } from '../../lib/ui/CodeMessage.js';
import { useAppStore } from '../../app/app-store.js';
import { useAuthStore } from '../account/auth-store.js';
import '../account/account.css';

interface FieldProps {
  field: FormField;
  label: string;
  hint?: string | undefined;
  problem: FieldProblem | undefined;
  overridden: boolean;
  children: (props: {
    id: string;
    'aria-invalid': boolean;
    'aria-describedby': string | undefined;
    disabled: boolean;
    'data-testid': string;
  }) => ReactNode;
}

function Field({ field, label, hint, problem, overridden, children }: FieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const described =
    [hint ? `${id}-hint` : '', problem ? `${id}-problem` : '', overridden ? `${id}-env` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="settings-field">
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        'aria-invalid': problem !== undefined,
        'aria-describedby': described,
        disabled: overridden,
        'data-testid': `settings-${field}`,
      })}
      {hint && (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      )}
      {overridden && (
        <span id={`${id}-env`} className="muted">
          {t('settings.fromEnvironment')}
        </span>
      )}
      {problem && (
        <span id={`${id}-problem`} className="field-error" role="alert" data-testid={`problem-${field}`} data-problem={problem.problem}>
          {t(`settings.problems.${problem.problem}`, { min: problem.min ?? '', max: problem.max ?? '' })}
        </span>
      )}
    </div>
  );
}

export function SettingsScreen() {
  const settings = useAppStore((s) => s.settings);
  // The form starts from the settings once; it is not overwritten while the operator edits.
  return settings ? <SettingsForm initial={settings} /> : null;
}

function SettingsForm({ initial }: { initial: Settings }) {
  const { t } = useTranslation();
  const overrides = useAppStore((s) => s.info?.overrides);
  const auth = useAuthStore((s) => s.status);
  const live = useAppStore((s) => s.info?.mode === 'live');
  const save = useSettingsScreen((s) => s.save);
  const testPrint = useSettingsScreen((s) => s.testPrint);
  const secretSet = useSettingsScreen((s) => s.consumerSecretSet);
  const clientSecretSet = useSettingsScreen((s) => s.clientSecretSet);
  const submit = useSettingsScreen((s) => s.submit);
  const printTest = useSettingsScreen((s) => s.printTest);
  const [values, setValues] = useState<SettingsFormValues>(() => formFrom(initial));
  const devices = useSettingsScreen((s) => s.devices);

  useEffect(() => {
    const screen = useSettingsScreen.getState();
    screen.reset();
    void screen.loadDevices();
  }, []);
  const overridden = new Set(overrides ?? []);
  const v4 = values.api === 'v4';
  const problems = save.status === 'invalid' ? problemsByField(save.problems) : {};
  const set = <K extends FormField>(field: K, value: SettingsFormValues[K]) => setValues({ ...values, [field]: value });
  const common = (field: FormField, label: string, hint?: string) => ({
    field,
    label,
    hint,
    problem: problems[field],
    overridden: overridden.has(FIELD_PATHS[field]),
  });
  const text = (field: FormField, label: string, opts: { hint?: string; type?: string; inputMode?: 'numeric' | 'decimal' } = {}) => (
    <Field {...common(field, label, opts.hint)}>
      {(p) => (
        <input
          {...p}
          type={opts.type ?? 'text'}
          inputMode={opts.inputMode}
          autoComplete="off"
          value={values[field] as string}
          onChange={(e) => set(field, e.target.value)}
        />
      )}
    </Field>
  );
  const check = (field: 'hidEnabled' | 'wedgeEnabled', label: string) => (
    <label className="settings-field inline">
      <input type="checkbox" data-testid={`settings-${field}`} checked={values[field]} onChange={(e) => set(field, e.target.checked)} />
      {label}
    </label>
  );

  // A settings path as the operator knows it: the label of its field.
  const label = (path: string) => {
    const field = (Object.keys(FIELD_PATHS) as FormField[]).find((f) => FIELD_PATHS[f] === path);
    return field ? t(`settings.fields.${field}`) : path;
  };

  const onSubmit = (e: React.FormEvent) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    void submit(changesFrom(values, overridden)).then(() => {
      const state = useSettingsScreen.getState().save.status;
      // The secret field is write-only: never keep what was typed once it was sent.
      if (state === 'saved') setValues((v) => ({ ...v, consumerSecret: '', clientSecret: '' }));
      // The keyboard goes to the first field to correct.
      if (state === 'invalid') requestAnimationFrame(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
    });
  };

  return (
    <section className="account-screen" aria-labelledby="settings-title" data-testid="settings-screen">
      <h1 id="settings-title">{t('settings.title')}</h1>
      <SecretStorageWarning />
      <form className="settings-form" onSubmit={onSubmit} noValidate>
        <fieldset>
          <legend>{t('settings.sections.uitpas')}</legend>
          <Field {...common('api', t('settings.fields.api'), t('settings.fields.apiHint'))}>
            {(p) => (
              <select
                {...p}
                value={values.api}
                onChange={(e) =>
                  // API 4 has no acceptance environment: the nearest one is test.
                  setValues({
                    ...values,
                    api: e.target.value,
                    ...(e.target.value === 'v4' && values.environment === 'acceptance' ? { environment: 'test' } : {}),
                  })
                }
              >
                {(['xml', 'v4'] as const).map((api) => (
                  <option key={api} value={api}>
                    {t(`settings.apis.${api}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field {...common('environment', t('settings.fields.environment'))}>
            {(p) => (
              <select {...p} value={values.environment} onChange={(e) => set('environment', e.target.value)}>
                {/* UiTiD has no acceptance realm: API 4 offers test and production only. */}
                {v4
                  ? (['test', 'production', 'custom'] as const).map((env) => (
                      <option key={env} value={env}>
                        {t(`settings.environmentsV4.${env}`)}
                      </option>
                    ))
                  : (['test', 'acceptance', 'production', 'custom'] as const).map((env) => (
                      <option key={env} value={env}>
                        {t(`settings.environments.${env}`)}
                      </option>
                    ))}
              </select>
            )}
          </Field>
          {v4 ? (
            <>
              {values.environment === 'custom' && (
                <>
                  {text('customApiUrl', t('settings.fields.customApiUrl'), { type: 'url' })}
                  {text('customSearchUrl', t('settings.fields.customSearchUrl'), { type: 'url' })}
                  {text('customIssuerUrl', t('settings.fields.customIssuerUrl'), { type: 'url' })}
                </>
              )}
              {text('clientId', t('settings.fields.clientId'))}
              {text('clientSecret', t('settings.fields.clientSecret'), {
                type: 'password',
                hint: `${t('settings.fields.clientSecretHint')}${clientSecretSet ? ` ${t('settings.fields.consumerSecretSet')}` : ''}`,
              })}
            </>
          ) : (
            <>
              {values.environment === 'custom' && text('customUrl', t('settings.fields.customUrl'), { type: 'url' })}
              {text('consumerKey', t('settings.fields.consumerKey'))}
              {text('consumerSecret', t('settings.fields.consumerSecret'), {
                type: 'password',
                // In demo mode the configured consumer is the simulator's: no installation secret to speak of.
                hint: `${t('settings.fields.consumerSecretHint')}${(secretSet ?? (live && auth?.consumerConfigured)) ? ` ${t('settings.fields.consumerSecretSet')}` : ''}`,
              })}
            </>
          )}
          {text('timeoutMs', t('settings.fields.timeoutMs'), { inputMode: 'numeric' })}
        </fieldset>

        <fieldset>
          <legend>{t('settings.sections.printer')}</legend>
          {text('printerUrl', t('settings.fields.printerUrl'), { hint: t('settings.fields.printerUrlHint') })}
          <FoundPrinters selected={values.printerUrl} onChoose={(url) => set('printerUrl', url)} />
          <Field {...common('columns', t('settings.fields.columns'))}>
            {(p) => (
              <select {...p} value={values.columns} onChange={(e) => set('columns', e.target.value)}>
                {['32', '42', '48'].map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div className="settings-actions">
            <button
              type="button"
              data-testid="settings-test-print"
              disabled={testPrint.status === 'printing'}
              onClick={() => void printTest(values.printerUrl)}
            >
              {t('settings.fields.testPrint')}
            </button>
            {testPrint.status === 'done' && (
              <span role="status" data-testid="test-print-result" data-printed={testPrint.printed}>
                {testPrint.printed
                  ? t('settings.fields.testPrinted')
                  : t('settings.fields.testNotPrinted', { reason: testPrint.reason ?? '' })}
              </span>
            )}
            {testPrint.status === 'failed' && (
              <span className="error" role="alert">
                <CodeMessage code={testPrint.problem.code} />
              </span>
            )}
          </div>
        </fieldset>

        <fieldset>
          <legend>{t('settings.sections.scanner')}</legend>
          {check('hidEnabled', t('settings.fields.hidEnabled'))}
          <Field {...common('hidPath', t('settings.fields.hidPath'))}>
            {(p) => (
              <select {...p} value={values.hidPath} onChange={(e) => set('hidPath', e.target.value)}>
                <option value="">{t('settings.fields.hidAuto')}</option>
                {values.hidPath !== '' && !devices.some((d) => d.path === values.hidPath) && (
                  <option value={values.hidPath}>{values.hidPath}</option>
                )}
                {devices
                  .filter((d) => d.path)
                  .map((d) => (
                    <option key={d.path} value={d.path}>
                      {[d.manufacturer, d.product].filter(Boolean).join(' ') || `${d.vendorId.toString(16)}:${d.productId.toString(16)}`}
                      {d.scanner ? ' ✓' : ''}
                    </option>
                  ))}
              </select>
            )}
          </Field>
          {check('wedgeEnabled', t('settings.fields.wedgeEnabled'))}
          {text('wedgeMaxGapMs', t('settings.fields.wedgeMaxGapMs'), { inputMode: 'numeric' })}
          {text('wedgeMinLength', t('settings.fields.wedgeMinLength'), { inputMode: 'numeric' })}
          {text('wedgeMaxPauseMs', t('settings.fields.wedgeMaxPauseMs'), {
            inputMode: 'numeric',
            hint: t('settings.fields.wedgeMaxPauseMsHint'),
          })}
          <Field {...common('wedgeTerminator', t('settings.fields.wedgeTerminator'))}>
            {(p) => (
              <select {...p} value={values.wedgeTerminator} onChange={(e) => set('wedgeTerminator', e.target.value)}>
                {(['enter', 'tab', 'none'] as const).map((k) => (
                  <option key={k} value={k}>
                    {t(`settings.terminators.${k}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {text('wedgePrefix', t('settings.fields.wedgePrefix'), { hint: t('settings.fields.wedgeAffixHint') })}
          {text('wedgeSuffix', t('settings.fields.wedgeSuffix'))}
        </fieldset>

        <fieldset>
          <legend>{t('settings.sections.offline')}</legend>
          {text('tariffCacheHours', t('settings.fields.tariffCacheHours'), { inputMode: 'decimal' })}
          {text('maxUnregisteredAgeHours', t('settings.fields.maxUnregisteredAgeHours'), { inputMode: 'decimal' })}
          {text('maxUnregisteredCount', t('settings.fields.maxUnregisteredCount'), { inputMode: 'numeric' })}
          {text('maxUnregisteredAmountEuro', t('settings.fields.maxUnregisteredAmountEuro'), { inputMode: 'decimal' })}
        </fieldset>

        <fieldset>
          <legend>{t('settings.sections.general')}</legend>
          <Field {...common('language', t('settings.fields.language'))}>
            {(p) => (
              <select {...p} value={values.language} onChange={(e) => set('language', e.target.value)}>
                {(['nl', 'fr', 'en'] as const).map((l) => (
                  <option key={l} value={l}>
                    {t(`settings.languages.${l}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </fieldset>

        <div className="settings-actions">
          <button type="submit" className="primary" data-testid="settings-save" disabled={save.status === 'saving'}>
            {save.status === 'saving' ? t('settings.saving') : t('settings.save')}
          </button>
          {save.status === 'saved' && (
            <span role="status" data-testid="settings-saved">
              {t('settings.saved')}
              {save.restartNeeded.length > 0 && ` ${t('settings.restart', { keys: save.restartNeeded.map(label).join(', ') })}`}
            </span>
          )}
          {save.status === 'invalid' && (
            <span className="error" role="alert" data-testid="settings-invalid">
              {t('settings.invalid')}
            </span>
          )}
          {save.status === 'failed' && (
            <span className="error" role="alert" data-testid="settings-failed">
              <CodeMessage
                code={save.problem.code}
                serverMessage={save.problem.serverMessage}
                endUserMessage={save.problem.endUserMessage}
              />
            </span>
          )}
        </div>
      </form>
    </section>
  );
}
