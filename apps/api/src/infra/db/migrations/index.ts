import { Extensions1764400000000 } from './1764400000000-extensions';
import { AdminAreas1764400000100 } from './1764400000100-admin-areas';
import { Roads1764400000200 } from './1764400000200-roads';
import { Forces1764400000300 } from './1764400000300-forces';
import { Dispatch1764400000400 } from './1764400000400-dispatch';
import { AutoRedispatch1764400000500 } from './1764400000500-auto-redispatch';
import { Accounts1764400000600 } from './1764400000600-accounts';
import { RoadNames1764400000700 } from './1764400000700-road-names';
import { DeskAlerts1764400000800 } from './1764400000800-desk-alerts';
import { Places1764400000900 } from './1764400000900-places';
import { OrderLife1764400001000 } from './1764400001000-order-life';
import { Iot1764400001100 } from './1764400001100-iot';
import { IotBuildingCounts1764400001200 } from './1764400001200-iot-building-counts';
import { UnitIsReferenced1764400001300 } from './1764400001300-unit-is-referenced';
import { IotTroubleSince1764400001400 } from './1764400001400-iot-trouble-since';
import { IncidentNotify1764400001500 } from './1764400001500-incident-notify';
import { ResponseStats1764400001600 } from './1764400001600-response-stats';
import { ResponseCells1764400001800 } from './1764400001800-response-cells';
import { ResponseCellsHeld1764400001900 } from './1764400001900-response-cells-held';
import { ResponseSamples1764400002000 } from './1764400002000-response-samples';
import { ResponseCountyCovering1764400002100 } from './1764400002100-response-county-covering';
import { ResponseSamplesCounty1764400002200 } from './1764400002200-response-samples-county';
import { CalibrationInUse1764400001700 } from './1764400001700-calibration-in-use';
import { Drills1764400002300 } from './1764400002300-drills';
import { FirstEngineLayer1764400002400 } from './1764400002400-first-engine-layer';
import { Partners1764400002500 } from './1764400002500-partners';
import { OutboxDue1764400002600 } from './1764400002600-outbox-due';

/** Every migration, in order. A new migration is added here as well as in its own file. */
export const MIGRATIONS = [
  Extensions1764400000000,
  AdminAreas1764400000100,
  Roads1764400000200,
  Forces1764400000300,
  Dispatch1764400000400,
  AutoRedispatch1764400000500,
  Accounts1764400000600,
  RoadNames1764400000700,
  DeskAlerts1764400000800,
  Places1764400000900,
  OrderLife1764400001000,
  Iot1764400001100,
  IotBuildingCounts1764400001200,
  UnitIsReferenced1764400001300,
  IotTroubleSince1764400001400,
  IncidentNotify1764400001500,
  ResponseStats1764400001600,
  CalibrationInUse1764400001700,
  ResponseCells1764400001800,
  ResponseCellsHeld1764400001900,
  ResponseSamples1764400002000,
  ResponseCountyCovering1764400002100,
  ResponseSamplesCounty1764400002200,
  Drills1764400002300,
  FirstEngineLayer1764400002400,
  Partners1764400002500,
  OutboxDue1764400002600,
];
