import { Route, Routes } from 'react-router-dom';
import { ConsoleLayout } from './ConsoleLayout';
import { NotFound } from '../NotFound';

export default function ConsoleRoutes() {
  return (
    <Routes>
      <Route element={<ConsoleLayout />}>
        <Route index element={<div />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
