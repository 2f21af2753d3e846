import { Navigate, Route, Routes } from 'react-router-dom';
import { ConsoleLayout } from './ConsoleLayout';
import { NotFound } from '../NotFound';
import { Dashboard } from './Dashboard';
import { Inbox } from './Inbox';
import { ReportDetail } from './ReportDetail';
import { Cases } from './Cases';
import { CasePage } from './CasePage';
import { Products, ProductDetail } from './Products';
import { AccessLog, Orgs, Policy, Receipts, Tokens, Users } from './Admin';
import { MyReportDetail, MyReports } from './MyReports';
import { isStaff, useAuth } from '../../auth';
import { NotificationSettings } from './NotificationSettings';
import { Webhooks } from './Webhooks';
import { Deliveries, DeliveryDetail } from './Deliveries';
import { Peers } from './Peers';
import { Blackouts } from './Blackouts';
import { AuthorityInbox, AuthorityItem, AuthorityTimeliness } from './Authority';
import { PlatformFilingPage } from './PlatformFiling';
import { MyRewards } from './Rewards';
import { RewardPolicyAdmin } from './RewardPolicyAdmin';
import { OperatorPage } from './Operator';
import { SecondFactor } from './SecondFactor';

export default function ConsoleRoutes() {
  const { user, mustEnrol } = useAuth();
  // The policy requires a second factor this user has not turned on: the
  // server refuses everything else, so enrolment is the only page.
  if (mustEnrol)
    return (
      <Routes>
        <Route element={<ConsoleLayout />}>
          <Route index element={<Navigate to="/console/settings/second-factor" replace />} />
          <Route path="settings/second-factor" element={<SecondFactor />} />
          <Route path="*" element={<Navigate to="/console/settings/second-factor" replace />} />
        </Route>
      </Routes>
    );
  // A finder account (no organisation) has its own reports and nothing else.
  if (!isStaff(user))
    return (
      <Routes>
        <Route element={<ConsoleLayout />}>
          <Route index element={<Navigate to="/console/my-reports" replace />} />
          <Route path="my-reports" element={<MyReports />} />
          <Route path="my-reports/:id" element={<MyReportDetail />} />
          <Route path="my-rewards" element={<MyRewards />} />
          <Route path="settings/notifications" element={<NotificationSettings />} />
          <Route path="settings/second-factor" element={<SecondFactor />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    );
  return (
    <Routes>
      <Route element={<ConsoleLayout />}>
        <Route index element={<Dashboard />} />
        <Route path="reports" element={<Inbox />} />
        <Route path="reports/:id" element={<ReportDetail />} />
        <Route path="cases" element={<Cases />} />
        <Route path="cases/:id" element={<CasePage />} />
        <Route path="products" element={<Products />} />
        <Route path="operator" element={<OperatorPage />} />
        <Route path="products/:id" element={<ProductDetail />} />
        <Route path="my-reports" element={<MyReports />} />
        <Route path="my-reports/:id" element={<MyReportDetail />} />
        <Route path="my-rewards" element={<MyRewards />} />
        <Route path="admin/orgs" element={<Orgs />} />
        <Route path="admin/filing" element={<PlatformFilingPage />} />
        <Route path="admin/reward-policy" element={<RewardPolicyAdmin />} />
        <Route path="admin/users" element={<Users />} />
        <Route path="admin/tokens" element={<Tokens />} />
        <Route path="admin/policy" element={<Policy />} />
        <Route path="admin/receipts" element={<Receipts />} />
        <Route path="admin/access-log" element={<AccessLog />} />
        <Route path="admin/peers" element={<Peers />} />
        <Route path="admin/blackouts" element={<Blackouts />} />
        <Route path="settings/notifications" element={<NotificationSettings />} />
        <Route path="settings/second-factor" element={<SecondFactor />} />
        <Route path="settings/webhooks" element={<Webhooks />} />
        <Route path="deliveries" element={<Deliveries />} />
        <Route path="deliveries/:id" element={<DeliveryDetail />} />
        <Route path="authority" element={<AuthorityInbox />} />
        <Route path="authority/timeliness" element={<AuthorityTimeliness />} />
        <Route path="authority/:id" element={<AuthorityItem />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
