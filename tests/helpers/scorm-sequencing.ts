/**
 * What a SCORM 2004 LMS makes of a package's sequencing: the manifest's organisation read into
 * scorm-again's activity tree (as an LMS reads imsmanifest.xml: each item's rollup controls and
 * primary objective), then each SCO played in turn through the API (navigation request, the
 * values the SCO commits, Terminate), and the course's status read back as scorm-again's rollup
 * (the SCORM 2004 sequencing and navigation book's algorithms) leaves it.
 */
import { findAll, findOne, getAttributeValue, textContent } from 'domutils';
import type { Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import * as scorm2004 from 'scorm-again/scorm2004';

/** The ESM build exports the API class by name, though its types declare a default export. */
const { Scorm2004API } = scorm2004 as unknown as { Scorm2004API: typeof scorm2004.default };

interface Activity {
  id: string;
  title: string;
  sequencingControls?: Record<string, boolean | number>;
  deliveryControls?: Record<string, boolean>;
  primaryObjective?: { objectiveID: string; satisfiedByMeasure: boolean; minNormalizedMeasure: number };
  children?: Activity[];
}

const child = (e: Element, name: string) => findOne((c) => c.name === name, e.children, false);

/** The organisation of a SCORM 2004 manifest as scorm-again's activity tree. */
export function activityTree(manifest: string): Activity {
  const doc = parseDocument(manifest, { xmlMode: true });
  const organisation = findOne((e) => e.name === 'organization', doc.children)!;
  const items = findAll((e) => e.name === 'item', [organisation]);
  return {
    id: getAttributeValue(organisation, 'identifier')!,
    title: 'course',
    sequencingControls: { choice: true, flow: true },
    children: items.map((item) => {
      const sequencing = child(item, 'imsss:sequencing');
      const rules = sequencing && child(sequencing, 'imsss:rollupRules');
      const primary = sequencing && findOne((e) => e.name === 'imsss:primaryObjective', [sequencing]);
      const delivery = sequencing && child(sequencing, 'imsss:deliveryControls');
      const deliveryControls: Record<string, boolean> = {};
      for (const name of ['completionSetByContent', 'objectiveSetByContent'])
        if (delivery?.attribs[name]) deliveryControls[name] = delivery.attribs[name] === 'true';
      const controls: Record<string, boolean | number> = {};
      if (rules?.attribs.rollupObjectiveSatisfied)
        controls.rollupObjectiveSatisfied = rules.attribs.rollupObjectiveSatisfied === 'true';
      if (rules?.attribs.rollupProgressCompletion)
        controls.rollupProgressCompletion = rules.attribs.rollupProgressCompletion === 'true';
      if (rules?.attribs.objectiveMeasureWeight)
        controls.objectiveMeasureWeight = Number(rules.attribs.objectiveMeasureWeight);
      const min = primary && findOne((e) => e.name === 'imsss:minNormalizedMeasure', [primary]);
      return {
        id: getAttributeValue(item, 'identifier')!,
        title: textContent(child(item, 'title')!),
        sequencingControls: controls,
        deliveryControls,
        ...(primary
          ? {
              primaryObjective: {
                objectiveID: primary.attribs.objectiveID!,
                satisfiedByMeasure: primary.attribs.satisfiedByMeasure === 'true',
                minNormalizedMeasure: Number(min ? textContent(min) : 1),
              },
            }
          : {}),
      };
    }),
  };
}

/**
 * What one SCO commits: a lesson without a quiz reports completed when it opens; a quiz's
 * lesson reports nothing until the quiz is answered (score, passed or failed, completed).
 */
export type ScoOutcome = 'not opened' | 'nothing reported' | 'completed' | 'passed' | 'failed';

const COMMITS: Record<Exclude<ScoOutcome, 'not opened'>, Record<string, string>> = {
  'nothing reported': {},
  completed: { 'cmi.completion_status': 'completed' },
  passed: { 'cmi.score.scaled': '1', 'cmi.success_status': 'passed', 'cmi.completion_status': 'completed' },
  failed: { 'cmi.score.scaled': '0', 'cmi.success_status': 'failed', 'cmi.completion_status': 'completed' },
};

/** The course's completion and success after the LMS delivered each item with its outcome, in turn. */
export function playCourse(
  tree: Activity,
  outcomes: Record<string, ScoOutcome>,
): { completion: string; success: string } {
  const api = new Scorm2004API({ logLevel: 5, sequencing: { activityTree: tree } } as never);
  // scorm-again logs each delivery with console.debug whatever its log level.
  const debug = console.debug;
  console.debug = () => {};
  const internals = api as unknown as {
    getSequencingService(): { processNavigationRequest(request: string, target?: string): boolean };
    _sequencing: { getRootActivity(): { completionStatus: string; successStatus: string } };
  };
  for (const [item, outcome] of Object.entries(outcomes)) {
    if (outcome === 'not opened') continue;
    if (!internals.getSequencingService().processNavigationRequest('choice', item))
      throw new Error(`the LMS could not deliver ${item}`);
    api.Initialize('');
    for (const [key, value] of Object.entries(COMMITS[outcome])) api.SetValue(key, value);
    api.Commit('');
    api.Terminate('');
    // A fresh run-time for the next SCO, the activity tree's state kept (as the README asks of an LMS).
    api.reset();
  }
  console.debug = debug;
  const root = internals._sequencing.getRootActivity();
  return { completion: root.completionStatus, success: root.successStatus };
}
