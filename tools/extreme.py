"""Print the path with the most (or fewest) words in a part: python tools/extreme.py PART max|min"""
import sys
from patrolday.bundled import bundled_story_path
from patrolday.engine import load_story, start, present, choose
from patrolday.tooling.states import StateSpace
sys.setrecursionlimit(10000)
s=load_story(bundled_story_path()); key=StateSpace(s).key; memo={}
pick = max if sys.argv[2]=="max" else min
def w(st):
    k=key(st)
    if k in memo: return memo[k]
    v=present(s,st); n=sum(len(b.text.split()) for b in v.blocks)
    r = n if v.is_ending else n + pick(w(choose(s,st,c.id)) for c in v.choices if c.enabled)
    memo[k]=r; return r
import json
carried=json.loads(sys.argv[3]) if len(sys.argv)>3 else None
st=start(s,sys.argv[1],0,carried=carried); path=[]
print(w(st))
while not present(s,st).is_ending:
    v=present(s,st); n=sum(len(b.text.split()) for b in v.blocks)
    best=pick((c for c in v.choices if c.enabled), key=lambda c: w(choose(s,st,c.id)))
    print(f"{n:4d} {v.scene} -> {best.id}")
    path.append(best.id); st=choose(s,st,best.id)
v=present(s,st); print(sum(len(b.text.split()) for b in v.blocks), v.scene, [b.scene for b in v.blocks])
print(",".join(path))
