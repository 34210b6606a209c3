// Repair cases, customers and technicians. Thin: one function per channel, Result unwrapped.
import type {
  CaseAssignRequest,
  CaseCreateRequest,
  CaseDecideRequest,
  CaseListRequest,
  CaseReopenRequest,
  CaseTransitionRequest,
  CustomerCreateRequest,
  DecisionPreview,
  TechnicianCreateRequest,
} from '../../../preload/contract';
import type { CaseCandidate, CaseDetail, CasePage, CaseSummary, Customer, RepairCase, Technician } from '../../../preload/contract/records';
import { bridge, unwrap } from './client';

export const casesApi = {
  create: (req: CaseCreateRequest): Promise<RepairCase> => unwrap(bridge().cases.create(req)),
  list: (req: CaseListRequest): Promise<CasePage> => unwrap(bridge().cases.list(req)),
  get: (id: number): Promise<CaseDetail> => unwrap(bridge().cases.get({ id })),
  /** A scanned or typed serial or RMA number: exact matches first, then prefixes (at most 20). */
  find: (query: string): Promise<CaseSummary[]> => unwrap(bridge().cases.find({ query })),
  transition: (req: CaseTransitionRequest): Promise<RepairCase> => unwrap(bridge().cases.transition(req)),
  decide: (req: CaseDecideRequest): Promise<RepairCase> => unwrap(bridge().cases.decide(req)),
  assign: (req: CaseAssignRequest): Promise<RepairCase> => unwrap(bridge().cases.assign(req)),
  reopen: (req: CaseReopenRequest): Promise<RepairCase> => unwrap(bridge().cases.reopen(req)),
  /** Open cases of a serial (its module or its replacement), newest first. */
  candidates: (serial: string): Promise<CaseCandidate[]> => unwrap(bridge().cases.candidates({ serial })),
  /** What the decision would be now, with its basis; nothing is written. */
  decidePreview: (req: CaseDecideRequest): Promise<DecisionPreview> => unwrap(bridge().cases.decidePreview(req)),
  customers: (search?: string): Promise<Customer[]> => unwrap(bridge().customers.list(search ? { search } : {})),
  customer: (id: number): Promise<Customer> => unwrap(bridge().customers.get({ id })),
  createCustomer: (req: CustomerCreateRequest): Promise<Customer> => unwrap(bridge().customers.create(req)),
  technicians: (includeInactive = false): Promise<Technician[]> => unwrap(bridge().technicians.list(includeInactive ? { includeInactive } : {})),
  createTechnician: (req: TechnicianCreateRequest): Promise<Technician> => unwrap(bridge().technicians.create(req)),
  setTechnicianActive: (technicianId: number, active: boolean): Promise<Technician> => unwrap(bridge().technicians.setActive({ technicianId, active })),
  setTechnicianPin: (technicianId: number, pin: string): Promise<Technician> => unwrap(bridge().technicians.setPin({ technicianId, pin })),
};
