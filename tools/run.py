"""Play a path given as choice ids and print each view with its word count (for trimming)."""
import sys
from patrolday.bundled import bundled_story_path
from patrolday.engine import load_story, start, present, choose
s=load_story(bundled_story_path())
part=sys.argv[1]; ids=sys.argv[2].split(',') if len(sys.argv)>2 else []
st=start(s,part,0); tot=0
for i in [None]+ids:
    if i: st=choose(s,st,i)
    v=present(s,st)
    w=sum(len(b.text.split()) for b in v.blocks); tot+=w
    print(f"\n##### {v.title} [{v.scene}] {w} words (total {tot})")
    for b in v.blocks: print(f"  [{b.scene}] {b.text}\n")
    for c in v.choices: print(f"   - {c.id}{'' if c.enabled else ' (disabled: '+c.reason+')'}: {c.label}")
