"""Readers' queries and the answer each should find first, over the demo FAQ (the seed
article's six questions plus their neighbours). Written the way people type: questions,
fragments, paraphrases, typos and synonyms."""

CAUSES = "What causes muscle knots in the upper back?"
GO_AWAY = "Can muscle knots go away on their own?"
QUICK = "Are there any quick fixes for muscle knot pain?"
HOW_OFTEN = "How often should I perform exercises to prevent muscle knots?"
PREVENT = "Is it possible to prevent muscle knots completely?"
PROVIDER = "When should I see a healthcare provider about muscle knots?"
HOLD = "How long should I hold a stretch?"
FOAM = "Is foam rolling good for the upper back?"
EXERCISE_PAIN = "Is it safe to exercise with back pain?"
TUMMY = "Can strengthening my tummy muscles help my back?"
NECK_STRETCH = "How do I stretch my neck and shoulders safely?"
ROWS = "Do resistance band rows help posture?"
DESK = "How should I set up my desk to avoid shoulder pain?"
SLEEP = "What is the best sleeping position for upper back pain?"
STIFF_NECK = "Why do I wake up with a stiff neck?"
STRESS = "Can stress cause tension in my shoulders and neck?"
BAG = "Does carrying a heavy bag cause back pain?"
HEAT_ICE = "Should I use heat or ice on a sore back?"
MASSAGE_GUN = "Can a massage gun get rid of knots?"
KNOT_VS_PULL = "What is the difference between a muscle knot and a pulled muscle?"
HEAL_TIME = "How long does it take for a knot to heal?"
PAINKILLERS = "Can I take painkillers for muscle pain?"
TINGLING = "What does tingling in my arm or hand mean?"
EMERGENCY = "When is back pain an emergency?"
GP_OR_PHYSIO = "Should I see a GP or a physiotherapist first?"
CRAMPS = "Can dehydration cause muscle cramps?"
BLADES = "What causes pain between the shoulder blades?"

QUERIES = [
    # The reader's words for the seed questions
    ("what causes knots in my upper back", CAUSES),
    ("why do i get muscle knots", CAUSES),
    ("causes of trigger points", CAUSES),
    ("do knots go away by themselves", GO_AWAY),
    ("will a knot disappear on its own", GO_AWAY),
    ("quick fix for knot pain", QUICK),
    ("instant relief muscle knot", QUICK),
    ("how often should i do exercises for knots", HOW_OFTEN),
    ("how many times a week exercise", HOW_OFTEN),
    ("can i prevent knots completely", PREVENT),
    ("stop knots coming back", HEAL_TIME),
    ("when to see a doctor about knots", PROVIDER),
    ("see a doctor knot numbness", PROVIDER),
    # Neighbouring questions
    ("how long to hold a stretch", HOLD),
    ("seconds per stretch", HOLD),
    ("foam roller upper back", FOAM),
    ("is it ok to work out with a bad back", EXERCISE_PAIN),
    ("exercise with back pain safe", EXERCISE_PAIN),
    ("tummy exercises for back", TUMMY),
    ("abdominal strengthening back pain", TUMMY),
    ("core exercises", TUMMY),
    ("neck stretches", NECK_STRETCH),
    ("resistance band rows posture", ROWS),
    ("desk setup shoulder pain", DESK),
    ("monitor height", DESK),
    ("best sleeping position", SLEEP),
    ("pillow stiff neck morning", STIFF_NECK),
    ("stress shoulder tension", STRESS),
    ("anxiety tight shoulders", STRESS),
    ("heavy backpack back pain", BAG),
    ("heat or ice", HEAT_ICE),
    ("cold pack or heating pad", HEAT_ICE),
    ("hot or cold for back pain", HEAT_ICE),
    ("massage gun", MASSAGE_GUN),
    ("percussion massager knots", MASSAGE_GUN),
    ("knot or pulled muscle", KNOT_VS_PULL),
    ("how long for a knot to heal", HEAL_TIME),
    ("ibuprofen for sore muscles", PAINKILLERS),
    ("pins and needles in my hand", TINGLING),
    ("back pain emergency", EMERGENCY),
    ("when to call an ambulance for back pain", EMERGENCY),
    ("gp or physio", GP_OR_PHYSIO),
    ("cramps dehydration", CRAMPS),
    ("pain between shoulder blades", BLADES),
    ("ache between my shoulder blades", BLADES),
    ("scapula pain", BLADES),
    ("pain between shoulders", BLADES),
    ("sleeping on my stomach", SLEEP),
    ("should i rest or keep moving", EXERCISE_PAIN),
    ("hot bath for my back", HEAT_ICE),
    ("rucksack", BAG),
    ("anti inflammatory", PAINKILLERS),
    # Red flags in the reader's own words: the urgent answer must come first
    ("is it a heart attack", EMERGENCY),
    ("back pain and chest pain", EMERGENCY),
    ("numb fingers", TINGLING),
    ("numbness in my hand", TINGLING),
    ("signs of a stroke", TINGLING),
    # Typos
    ("tingeling in arm", TINGLING),
    ("strech neck sholders", NECK_STRETCH),
    ("foam rollng", FOAM),
    ("dehidration cramp", CRAMPS),
    ("emergancy back pain", EMERGENCY),
    ("massge gun", MASSAGE_GUN),
    ("physiotherapsit or gp", GP_OR_PHYSIO),
    # Two letters swapped, which letter-trigrams miss in short words
    ("haet or ice", HEAT_ICE),
    ("nekc stretches", NECK_STRETCH),
    ("tinlging in my arm", TINGLING),
]

# Written later, by someone who had not tuned the search, and kept apart: how it does with
# queries it was not tuned on. Two answers that were both right were left out ("how often
# to stretch": the stretch-holding answer also says how often).
UNSEEN_QUERIES = [
    ("why does my upper back hurt after sitting all day", CAUSES),
    ("sore neck when i wake up", STIFF_NECK),
    ("woke up with stiff neck", STIFF_NECK),
    ("is foam rolling bad for you", FOAM),
    ("foam roler", FOAM),
    ("how long do knots last", HEAL_TIME),
    ("do muscle knots go away", GO_AWAY),
    ("trigger point relief fast", QUICK),
    ("can i take paracetamol for back pain", PAINKILLERS),
    ("can i take ibuprofin", PAINKILLERS),
    ("naproxen", PAINKILLERS),
    ("my arm is tingling", TINGLING),
    ("numb hand", TINGLING),
    ("hand goes numb at night", TINGLING),
    ("leg cramps at night", CRAMPS),
    ("drinking water cramps", CRAMPS),
    ("do i need a doctor or physio", GP_OR_PHYSIO),
    ("do i need a referral to see a physio", GP_OR_PHYSIO),
    ("sit ups for back pain", TUMMY),
    ("plank for lower back", TUMMY),
    ("core strenght", TUMMY),
    ("resistence band exercises", ROWS),
    ("rounded shoulders posture fix", ROWS),
    ("hunched posture", ROWS),
    ("laptop neck pain", DESK),
    ("ergonomic chair", DESK),
    ("sleep position", SLEEP),
    ("sleeping on side back pain", SLEEP),
    ("stress and back pain", STRESS),
    ("tense shoulders", STRESS),
    ("handbag shoulder pain", BAG),
    ("school bag weight", BAG),
    ("ice pack or heat pack", HEAT_ICE),
    ("heating pad", HEAT_ICE),
    ("massage gun on neck", MASSAGE_GUN),
    ("theragun", MASSAGE_GUN),
    ("pulled muscle vs knot", KNOT_VS_PULL),
    ("strained muscle", KNOT_VS_PULL),
    ("how many seconds hold stretch", HOLD),
    ("can i exercise with a sore back", EXERCISE_PAIN),
    ("gym with back pain", EXERCISE_PAIN),
    ("cant feel my legs back pain", EMERGENCY),
    ("back pain with fever", BLADES),
    ("pain between my shoulder blades when breathing", BLADES),
    ("shoulder blade pain", BLADES),
    ("neck stretch", NECK_STRETCH),
    ("can knots come back", HEAL_TIME),
    ("preventing knots", PREVENT),
    ("when to worry about muscle knots", PROVIDER),
    ("nots in my back", CAUSES),
    ("muscel knots", CAUSES),
    # Thirty more, written after two ranking changes had been judged on those above, and
    # measured once before being added: SQLite top-1 0.83, PostgreSQL 0.80.
    ("what makes knots form in your back", CAUSES),
    ("will my knot go away if i leave it", GO_AWAY),
    ("fastest way to get rid of a knot", QUICK),
    ("how many times a week should i stretch to stop knots", HOW_OFTEN),
    ("can you stop knots ever happening", PREVENT),
    ("should i see someone about a knot that wont go", PROVIDER),
    ("how long do i hold each stretch for", HOLD),
    ("foam roller for upper back good or bad", FOAM),
    ("exercising when my back hurts", EXERCISE_PAIN),
    ("stronger stomach muscles for back pain", TUMMY),
    ("safe neck stretches", NECK_STRETCH),
    ("rows with a resistance band", ROWS),
    ("how high should my monitor be", DESK),
    ("best way to sleep with upper back pain", SLEEP),
    ("stiff neck every morning", STIFF_NECK),
    ("anxiety making my shoulders tight", STRESS),
    ("heavy handbag back ache", BAG),
    ("ice or heat for a sore back", HEAT_ICE),
    ("do massage guns work on knots", MASSAGE_GUN),
    ("is it a knot or a strain", KNOT_VS_PULL),
    ("how long till a knot heals", HEAL_TIME),
    ("painkillers for muscle ache", PAINKILLERS),
    ("tingling down my arm", TINGLING),
    ("when should i go to a&e with back pain", EMERGENCY),
    ("gp or physiotherapist", GP_OR_PHYSIO),
    ("muscle cramps from not drinking enough", CRAMPS),
    ("pain between my shoulderblades", BLADES),
    ("knott in shoulder blade", BLADES),
    ("strech for tight neck", NECK_STRETCH),
    ("desk posture tips", DESK),
    # 45 more, written once the ones above had judged ranking changes, and measured once
    # (SQLite top-1 0.89, PostgreSQL 0.93) before judging one more ("vs" is a little word).
    ("why does my back get knots", CAUSES),
    ("will a knot just go away by itself", GO_AWAY),
    ("fastest way to relieve knot pain", QUICK),
    ("can knots be stopped from ever happening", PREVENT),
    ("when should i go to the doctor about a knot", PROVIDER),
    ("how many seconds to hold each stretch", HOLD),
    ("foam roller upper back good idea?", FOAM),
    ("should i rest or keep moving with a bad back", EXERCISE_PAIN),
    ("do core exercises help back pain", TUMMY),
    ("plank for back", TUMMY),
    ("band rows for rounded shoulders", ROWS),
    ("monitor height for desk", DESK),
    ("how high should my computer screen be", DESK),
    ("sleeping on stomach neck", SLEEP),
    ("woke up with a crick in my neck", STIFF_NECK),
    ("neck stiff in the morning", STIFF_NECK),
    ("can anxiety make my shoulders tight", STRESS),
    ("jaw clenching stress shoulders", STRESS),
    ("is a heavy backpack bad for my back", BAG),
    ("shoulder bag one side pain", BAG),
    ("ache between my shoulderblades", BLADES),
    ("pain in middle of upper back between shoulders", BLADES),
    ("hot or cold pack for back", HEAT_ICE),
    ("ice pack after injury", HEAT_ICE),
    ("theragun for knots", MASSAGE_GUN),
    ("percussion massager", MASSAGE_GUN),
    ("knot vs strain", KNOT_VS_PULL),
    ("pulled muscle or knot how to tell", KNOT_VS_PULL),
    ("how long do muscle knots last", HEAL_TIME),
    ("paracetamol muscle ache", PAINKILLERS),
    ("pins and needles in my fingers", TINGLING),
    ("back pain with loss of bladder control", EMERGENCY),
    ("when to go to A&E with back pain", EMERGENCY),
    ("do i need a GP referral for physio", GP_OR_PHYSIO),
    ("see doctor or physio", GP_OR_PHYSIO),
    ("cramp after exercise not drinking enough water", CRAMPS),
    ("leg cramps dehydrated", CRAMPS),
    ("muscle cramps water", CRAMPS),
    ("sholder blade pain", BLADES),
    ("streching neck", NECK_STRETCH),
    ("painkilers", PAINKILLERS),
    ("how to sit at my desk", DESK),
    ("massage gun safe on neck", MASSAGE_GUN),
    ("is it ok to work out when my back hurts", EXERCISE_PAIN),
    ("tingling arm stroke signs", TINGLING),
]
