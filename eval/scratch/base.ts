import { readFileSync } from 'node:fs';
import { loadTagger } from '@wirestream/tagging';
const tagger = loadTagger();
for (const lang of ['de','en','fr','es']) {
  const rows = readFileSync(`../shared/corpora/news-sections/${lang}.jsonl`,'utf8').split('\n').filter(Boolean).map(l=>JSON.parse(l));
  const per = new Map<string,{n:number,t:number,tops:Map<string,number>}>();
  for (const r of rows) {
    const res = tagger.tag({title:r.title, summary:'', body:r.body, language:lang});
    const e = per.get(r.section) ?? {n:0,t:0,tops:new Map()}; per.set(r.section,e);
    e.n++; if (res.topics.length) e.t++;
    for (const t of res.topics) e.tops.set(t.slug,(e.tops.get(t.slug)??0)+1);
  }
  for (const [s,e] of per) console.log(lang, s.padEnd(14), e.n, (e.t/e.n).toFixed(2), [...e.tops].sort((a,b)=>b[1]-a[1]).slice(0,6).map(([k,v])=>k+':'+v).join(' '));
}
