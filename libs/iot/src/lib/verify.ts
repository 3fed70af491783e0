import type { SensorKind } from './messages';

/**
 * The false-alarm filter's rules, as data (GB 50440: the monitoring centre confirms an alarm before it
 * reaches 119). About 95 % of automatic alarms are false: a single smoke detector is verified with the
 * building's duty contact; what is rarely false confirms at once.
 */
export type VerifyRules = {
  /** another detector of the same building in alarm within this many seconds confirms */
  windowS: number;
  /** sensors whose alarm confirms at once: a person pressed it, or water is flowing */
  confirmAtOnce: readonly SensorKind[];
  /** a 119 call within this many metres and the window confirms */
  callNearbyM: number;
  /** an alarm to verify is confirmed when nobody has answered within this many seconds */
  countdownS: number;
  /** false alarms in the last 30 days from which the device is flagged (never dropped) */
  falseHistoryFlag: number;
};

export const DEFAULT_VERIFY_RULES: VerifyRules = {
  windowS: 180,
  confirmAtOnce: ['manual_call_point', 'sprinkler'],
  callNearbyM: 200,
  countdownS: 120,
  falseHistoryFlag: 3,
};

export type AlarmFacts = {
  sensor: SensorKind;
  /** the device (or its building) is under test or maintenance */
  inMaintenance: boolean;
  /** the message itself says it is a test */
  testMessage: boolean;
  /** other devices of the same building in alarm within the window */
  otherDevicesInAlarm: number;
  /** a phone call (an incident reported by a person) near the building within the window */
  callNearby: boolean;
  falseAlarms30d: number;
};

export type AlarmRule = 'second_detector' | 'manual_call_point' | 'sprinkler_flow' | 'call_119' | 'single_detector' | 'maintenance' | 'test_message';
export type AlarmDecision = {
  outcome: 'confirmed' | 'verify' | 'test';
  rule: AlarmRule;
  /** for 'verify': seconds until it confirms by itself */
  countdownS: number | null;
  flags: Array<'false_alarm_history'>;
};

const RULE_OF: Partial<Record<SensorKind, AlarmRule>> = { manual_call_point: 'manual_call_point', sprinkler: 'sprinkler_flow' };

/** What to do with an alarm: confirm it now, verify it (with a countdown), or record it as a test. Never drop it. */
export function decideAlarm(f: AlarmFacts, rules: VerifyRules = DEFAULT_VERIFY_RULES): AlarmDecision {
  const flags: AlarmDecision['flags'] = f.falseAlarms30d >= rules.falseHistoryFlag ? ['false_alarm_history'] : [];
  const confirmed = (rule: AlarmRule): AlarmDecision => ({ outcome: 'confirmed', rule, countdownS: null, flags });
  // a second detector or a person's call outweighs a test flag: a real fire during maintenance is still a fire
  if (f.callNearby) return confirmed('call_119');
  if (f.otherDevicesInAlarm > 0) return confirmed('second_detector');
  if (f.testMessage) return { outcome: 'test', rule: 'test_message', countdownS: null, flags };
  if (f.inMaintenance) return { outcome: 'test', rule: 'maintenance', countdownS: null, flags };
  if (rules.confirmAtOnce.includes(f.sensor)) return confirmed(RULE_OF[f.sensor] ?? 'manual_call_point');
  return { outcome: 'verify', rule: 'single_detector', countdownS: rules.countdownS, flags };
}

/** A building with this many devices going offline at once is one warning, not one per device. */
export const OFFLINE_BUILDING_WARNING = 5;
/** A device is offline after this many heartbeat intervals of silence. */
export const OFFLINE_AFTER_INTERVALS = 3;
