"""Tests of scripts/hot-rodata.py's rebase: finding a profiled layout's anonymous constants again
in a build that renumbered them (`make test` runs every scripts/test_*.py)."""
import importlib.util
import os
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("hot_rodata", os.path.join(HERE, "hot-rodata.py"))
hot_rodata = importlib.util.module_from_spec(spec)
spec.loader.exec_module(hot_rodata)

UNIT = ".rodata..Lanon.45e7ca8b5762da7df33517cfeeb3695e"
OTHER = ".rodata..Lanon.097371591e5770baeb7c0c7e30d86aa4"


class RebaseEntries(unittest.TestCase):
    def test_a_renumbered_constant_is_found_by_its_bytes(self):
        entries = [(f"{UNIT}.611", 111037, "aa"), (f"{UNIT}.585", 333670, "bb")]
        # The UI's new file names moved both: 611 is now another constant, 585 is gone.
        prints = {f"{UNIT}.611": "4096 cc", f"{UNIT}.590": "111037 aa",
                  f"{UNIT}.616": "333670 bb"}
        placed, counts = hot_rodata.rebase_entries(entries, prints)
        self.assertEqual(placed, [(f"{UNIT}.590", "111037 aa"), (f"{UNIT}.616", "333670 bb")])
        self.assertEqual(counts, dict(kept=0, renamed=2, lost=0, lost_bytes=0))

    def test_a_constant_whose_bytes_changed_is_dropped_and_counted(self):
        # The UI's first chunk, rebuilt: its old number names something else now.
        entries = [(f"{UNIT}.561", 30000, "dd"), (f"{UNIT}.562", 10, "ee")]
        prints = {f"{UNIT}.561": "31000 ff", f"{UNIT}.562": "10 ee"}
        placed, counts = hot_rodata.rebase_entries(entries, prints)
        self.assertEqual(placed, [(f"{UNIT}.562", "10 ee")])
        self.assertEqual(counts, dict(kept=1, renamed=0, lost=1, lost_bytes=30000))

    def test_the_same_bytes_are_taken_from_the_same_unit_and_only_once(self):
        entries = [(f"{UNIT}.7", 4, "11"), (f"{UNIT}.8", 4, "11")]
        prints = {f"{OTHER}.3": "4 11", f"{UNIT}.9": "4 11", f"{UNIT}.10": "4 11"}
        placed, _ = hot_rodata.rebase_entries(entries, prints)
        self.assertEqual([name for name, _ in placed], [f"{UNIT}.9", f"{UNIT}.10"])

    def test_sections_named_by_symbol_or_merge_class_keep_their_name(self):
        # Their bytes may change (a string added to the merged strings) and they are the same
        # data; so are entries a script made before fingerprints carried.
        symbol = ".rodata._ZN10serde_json3ser6ESCAPE17hd23ee828c33a5913E"
        # "..LocalFacts" is a type in a symbol, not an assembler-local label.
        local = (".rodata._ZN90_$LT$styrebord_store..facts..LocalFacts$u20$as$u20$styrebord_core"
                 "..write..facts..Facts$GT$9procedure17h703a7500d540b14fE")
        # A jump table's bytes are offsets that move with the layout.
        switch = (".rodata..Lswitch.table._ZN15styrebord_store6outbox4load"
                  "17h16fe199c15df65dbE.22974.rel")
        entries = [(".rodata.str1.1", 140759, "01"), (symbol, 256, "02"), (local, 24, "04"),
                   (switch, 52, "05"), (f"{UNIT}.12", None, None)]
        prints = {".rodata.str1.1": "140800 03", symbol: "256 02", local: "24 06",
                  switch: "52 07"}
        placed, counts = hot_rodata.rebase_entries(entries, prints)
        self.assertEqual([name for name, _ in placed],
                         [".rodata.str1.1", symbol, local, switch, f"{UNIT}.12"])
        self.assertEqual(counts["kept"], 5)


class ScriptLines(unittest.TestCase):
    def test_an_entry_with_its_fingerprint_reads_back(self):
        text = hot_rodata.script(".rodata.hot", [f"{UNIT}.5", ".rodata.cst16"],
                                 notes={f"{UNIT}.5": "22 c841f44f2daabc87"})
        entries = [m.groups() for m in map(hot_rodata.ENTRY.match, text.splitlines()) if m]
        self.assertEqual(entries, [(f"{UNIT}.5", "22", "c841f44f2daabc87"),
                                   (".rodata.cst16", None, None)])


if __name__ == "__main__":
    unittest.main()
