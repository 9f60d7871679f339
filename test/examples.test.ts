/**
 * Every example synthesises, deterministically, to the manifests in its snapshot.
 */
import { buildExample, EXAMPLES, synthYamlByChart } from './support/examples';

describe.each(Object.keys(EXAMPLES))('example %s', (name) => {
  test('matches its snapshot', () => {
    expect(synthYamlByChart(buildExample(name))).toMatchSnapshot();
  });

  test('synthesises byte-identical YAML twice', () => {
    expect(synthYamlByChart(buildExample(name))).toEqual(synthYamlByChart(buildExample(name)));
  });
});
