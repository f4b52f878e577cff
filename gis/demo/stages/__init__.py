"""The stages of the demo generator, each a function taking the `World` (gis/demo/world.py).

`generate.generate` runs them in this order; each reads what the earlier ones left on the world:
layout.build → networks.roads → networks.pipelines → zones.forest → networks.forest_lines → sites.build
→ zones.buffers → people.build → patrols.build → hazards.build → buildings.build → areas.build → campaigns.build
→ self_checks.build → frames.build.
"""
