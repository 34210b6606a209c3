import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { announce } from '../../components/announcer';
import {
  cancelIntake, createCases, loadReferenceData, repairsView, showCase, showCaseList, showIntake, useCasesStore,
} from '../../stores/cases-store';
import { useAppStore } from '../../stores/app-store';
import { CaseListPage } from './case-list-page';
import { CasePage } from './case-page';
import { IntakeForm } from './intake-form';
import { OperatorNotice } from './operator-notice';
import './repairs.css';

/** The Repairs route: case list (/repairs), intake (/repairs/new) and one case (/repairs/case/ID). */
export function RepairsScreen() {
  const route = useAppStore((s) => s.route);
  const customers = useCasesStore((s) => s.customers);
  const technicians = useCasesStore((s) => s.technicians);
  const actionError = useCasesStore((s) => s.actionError);
  const prefill = useCasesStore((s) => s.intakePrefill);
  const { t } = useTranslation('repairs');
  const view = repairsView(route);

  // Customers and technicians for the intake form, fresh each time it opens (a hash link or the button).
  useEffect(() => {
    if (view.kind === 'intake') void loadReferenceData();
  }, [view.kind]);

  return (
    <>
      <OperatorNotice />
      {view.kind === 'case' && <CasePage caseId={view.id} onBack={showCaseList} />}
      {view.kind === 'intake' && (
        <IntakeForm
          // A new form for each module started from the bench, so its fields start from that module.
          key={prefill?.serial ?? 'blank'}
          prefill={prefill}
          customers={customers}
          technicians={technicians}
          error={actionError}
          onCancel={cancelIntake}
          onSubmit={async (submission) => {
            const id = await createCases(submission);
            if (id !== null) {
              announce(t('announce.created'));
              showCase(id);
            }
          }}
        />
      )}
      {view.kind === 'list' && <CaseListPage onOpen={showCase} onNew={showIntake} />}
    </>
  );
}
