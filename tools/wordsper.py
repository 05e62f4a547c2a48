"""Words per scene of every scene file (all variants, no markup), to find what to trim."""
import sys
from patrolday.bundled import bundled_story_path
from patrolday.engine import load_story
from patrolday.engine.model import Cond, Seq

def words(parts):
    t=0
    for p in parts:
        if isinstance(p,str): t+=len(p.split())
        elif isinstance(p,Cond): t+=max(words(p.then),words(p.otherwise))
        elif isinstance(p,Seq): t+=max(words(b) for b in p.branches)
    return t
s=load_story(bundled_story_path())
rows=[]
for sc in s.scenes.values():
    if sys.argv[1:] and sys.argv[1] not in str(sc.location.file): continue
    rows.append((sum(words(p.parts) for p in sc.paragraphs), sc.id))
for w,i in sorted(rows,reverse=True): print(w,i)
