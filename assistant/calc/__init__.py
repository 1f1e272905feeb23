"""Deterministic, cited calculators for fastlegeordningen (rates and deadlines as data in ``rules.yaml``).

Public entry points: ``TOOLS``, ``run_tool`` (``assistant.calc.tools``), ``CalcResult``, ``load_rules``.
"""
from assistant.calc.result import CalcResult, SourceRef
from assistant.calc.rules import RuleBook, default_rules, load_rules
from assistant.calc.tools import TOOLS, Tool, run_tool

__all__ = ["CalcResult", "SourceRef", "RuleBook", "default_rules", "load_rules", "TOOLS", "Tool", "run_tool"]
