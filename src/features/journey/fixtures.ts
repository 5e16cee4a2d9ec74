/** A made-up questionnaire, in made-up words, for tests: a stand-in for one an organisation holds
 *  a licence for. `id` names it (tests running at once each load their own). */
export const exampleMeasure = (id = 'riverside-wellbeing') => ({
  id,
  version: 1,
  title: id === 'riverside-wellbeing' ? 'Riverside weekly wellbeing' : `Riverside weekly wellbeing ${id}`,
  options: [
    { value: 1, label: 'Rarely' },
    { value: 2, label: 'Sometimes' },
    { value: 3, label: 'Often' },
  ],
  items: [
    { key: 'rested', text: 'I woke up rested' },
    { key: 'worried', text: 'I felt worried', reverse: true },
  ],
  scoring: 'sum',
  licence: 'Riverside Recovery Service, internal use',
});
