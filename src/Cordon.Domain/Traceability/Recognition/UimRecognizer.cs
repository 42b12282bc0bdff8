using System.Buffers;
using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Cordon.Domain.Traceability.Recognition;

/// <summary>
/// Recognises the issuing Party of UIMs against a pattern library. Built once; then thread-safe and
/// allocation-free per code. The patterns are compiled into an index keyed by code length and the first two
/// characters, so a code is checked only against the few patterns that could match it; segments are checked
/// with vectorised alphabet tests, and a regular expression runs only for patterns that are given as one.
/// The semantics are those of uim-recognizer.js (same normalisation, same results): see
/// docs/traceability-crypto.md.
/// </summary>
public sealed class UimRecognizer
{
    /// <summary>Codes up to this length are looked up in the index; longer ones go through the long list.</summary>
    public const int IndexedLength = 128;

    private const int Classes = 37; // 0-9, A-Z, anything else (or no character)
    private const int OtherClass = 36;
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(200);

    private readonly CompiledPattern[] _patterns;
    private readonly int[] _bucketStarts;
    private readonly int[] _bucketEntries;
    private readonly int[] _long;
    private readonly ConcurrentDictionary<long, UimRecognition> _pairs = new();

    public UimRecognizer(IEnumerable<UimPattern> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        Patterns = [.. patterns];
        _patterns = [.. Patterns.Select((p, i) => new CompiledPattern(p, i))];

        // Two passes over the same enumeration: count per bucket, then fill a flat array (no list per bucket).
        var bucketCount = (IndexedLength + 1) * Classes * Classes;
        _bucketStarts = new int[bucketCount + 1];
        foreach (var pattern in _patterns)
            pattern.ForEachBucket(bucket => _bucketStarts[bucket + 1]++);
        for (var i = 0; i < bucketCount; i++)
            _bucketStarts[i + 1] += _bucketStarts[i];
        _bucketEntries = new int[_bucketStarts[bucketCount]];
        var fill = (int[])_bucketStarts.Clone();
        foreach (var pattern in _patterns)
            pattern.ForEachBucket(bucket => _bucketEntries[fill[bucket]++] = pattern.Index);
        _long = [.. _patterns.Where(p => p.MaxLength > IndexedLength).Select(p => p.Index)];
    }

    public IReadOnlyList<UimPattern> Patterns { get; }

    public UimRecognition Recognize(string code) => Recognize((code ?? "").AsSpan());

    public UimRecognition Recognize(ReadOnlySpan<char> code)
    {
        if (UimNormalizer.IsNormal(code)) return RecognizeNormal(code);
        char[]? rented = null;
        var buffer = code.Length <= 256 ? stackalloc char[256] : (rented = ArrayPool<char>.Shared.Rent(code.Length));
        try
        {
            return RecognizeNormal(buffer[..UimNormalizer.Normalize(code, buffer)]);
        }
        finally
        {
            if (rented is not null) ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>Sorts codes by issuing Party; empty entries are skipped and repeated codes kept once.</summary>
    public UimGrouping Group(IEnumerable<string> codes)
    {
        ArgumentNullException.ThrowIfNull(codes);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var byParty = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        var unrecognized = new List<string>();
        var ambiguous = new List<AmbiguousUim>();
        foreach (var raw in codes)
        {
            var code = UimNormalizer.Normalize(raw ?? "");
            if (code.Length == 0 || !seen.Add(code)) continue;
            var result = RecognizeNormal(code);
            switch (result.Status)
            {
                case UimRecognitionStatus.Recognized:
                    if (!byParty.TryGetValue(result.Parties[0], out var list)) byParty[result.Parties[0]] = list = [];
                    list.Add(code);
                    break;
                case UimRecognitionStatus.Ambiguous:
                    ambiguous.Add(new AmbiguousUim(code, result.Parties));
                    break;
                default:
                    unrecognized.Add(code);
                    break;
            }
        }
        var grouped = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (party, list) in byParty) grouped[party] = list;
        return new UimGrouping(grouped, unrecognized, ambiguous);
    }

    private UimRecognition RecognizeNormal(ReadOnlySpan<char> code)
    {
        var n = code.Length;
        if (n == 0) return UimRecognition.Unrecognized;
        ReadOnlySpan<int> candidates;
        if (n <= IndexedLength)
        {
            var bucket = Bucket(n, ClassOf(code[0]), n > 1 ? ClassOf(code[1]) : OtherClass);
            candidates = _bucketEntries.AsSpan(_bucketStarts[bucket], _bucketStarts[bucket + 1] - _bucketStarts[bucket]);
        }
        else
        {
            candidates = _long;
        }

        int first = -1, second = -1;
        List<int>? more = null;
        foreach (var index in candidates)
        {
            if (!_patterns[index].Matches(code)) continue;
            if (first < 0) first = index;
            else if (second < 0) second = index;
            else (more ??= [first, second]).Add(index);
        }
        if (first < 0) return UimRecognition.Unrecognized;
        if (second < 0) return _patterns[first].Single;
        if (more is not null) return new UimRecognition([.. more.Select(i => Patterns[i])]);
        return _pairs.GetOrAdd(((long)first << 32) | (uint)second, static (_, state) =>
            new UimRecognition([state.Self.Patterns[state.First], state.Self.Patterns[state.Second]]), (Self: this, First: first, Second: second));
    }

    private static int Bucket(int length, int first, int second) => (length * Classes + first) * Classes + second;

    private static int ClassOf(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'Z' => c - 'A' + 10,
        _ => OtherClass,
    };

    private static readonly SearchValues<char> Digits = SearchValues.Create("0123456789");
    private static readonly SearchValues<char> Letters = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    private static readonly SearchValues<char> Alphanumeric = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    private static readonly SearchValues<char> Hex = SearchValues.Create("0123456789ABCDEF");

    internal static SearchValues<char> ValuesOf(UimAlphabet alphabet) => alphabet switch
    {
        UimAlphabet.Digits => Digits,
        UimAlphabet.Letters => Letters,
        UimAlphabet.Hex => Hex,
        _ => Alphanumeric,
    };

    private static bool[] AllClasses() => [.. Enumerable.Repeat(true, Classes)];

    private static bool[] OneClass(char c)
    {
        var classes = new bool[Classes];
        classes[ClassOf(c)] = true;
        return classes;
    }

    private readonly record struct Segment(string? Literal, SearchValues<char> Alphabet, int Min, int Max, int Offset);

    private sealed class CompiledPattern
    {
        private readonly Segment[] _segments = [];
        private readonly bool _direct; // at most one segment of variable length: offsets follow from the code's length
        private readonly int _variable = -1;
        private readonly Regex? _regex;
        private readonly bool[] _firstClasses;
        private readonly bool[] _secondClasses;

        public CompiledPattern(UimPattern pattern, int index)
        {
            Index = index;
            Single = new UimRecognition([pattern]);
            if (pattern.Segments is { Count: > 0 } segments)
            {
                var offset = 0;
                _segments = new Segment[segments.Count];
                for (var i = 0; i < segments.Count; i++)
                {
                    var s = segments[i];
                    if (s.Literal is not null)
                    {
                        var literal = UimNormalizer.Normalize(s.Literal);
                        _segments[i] = new Segment(literal, Alphanumeric, literal.Length, literal.Length, offset);
                        MinLength += literal.Length;
                        MaxLength = checked(MaxLength + literal.Length);
                    }
                    else
                    {
                        _segments[i] = new Segment(null, ValuesOf(s.Alphabet), s.MinLength, s.MaxLength, offset);
                        MinLength += s.MinLength;
                        MaxLength = (int)Math.Min(int.MaxValue, (long)MaxLength + s.MaxLength);
                    }
                    offset += _segments[i].Min;
                }
                var variable = Enumerable.Range(0, _segments.Length).Where(i => _segments[i].Min != _segments[i].Max).ToList();
                _direct = variable.Count <= 1;
                _variable = variable.Count == 1 ? variable[0] : -1;
                (_firstClasses, _secondClasses) = LeadingClasses(_segments);
            }
            else
            {
                var source = pattern.Regex ?? throw new ArgumentException($"Pattern {pattern.Id} has neither segments nor a regular expression.", nameof(pattern));
                // ECMAScript: the same dialect as the browser's RegExp (\d is 0-9 only, etc.).
                _regex = new Regex("^(?:" + source + ")$", RegexOptions.ECMAScript | RegexOptions.Compiled, RegexTimeout);
                var prefix = UimPatternRules.RegexLiteralPrefix(source);
                MinLength = prefix.Length;
                MaxLength = int.MaxValue;
                _firstClasses = prefix.Length > 0 ? OneClass(prefix[0]) : AllClasses();
                _secondClasses = prefix.Length > 1 ? OneClass(prefix[1]) : AllClasses();
            }
        }

        public int Index { get; }

        public int MinLength { get; }

        public int MaxLength { get; }

        public UimRecognition Single { get; }

        /// <summary>Every (length, first class, second class) bucket in which a matching code could fall.</summary>
        public void ForEachBucket(Action<int> add)
        {
            var maxLength = Math.Min(MaxLength, IndexedLength);
            for (var length = Math.Max(MinLength, 1); length <= maxLength; length++)
            {
                for (var first = 0; first < Classes; first++)
                {
                    if (!_firstClasses[first]) continue;
                    if (length == 1)
                    {
                        add(Bucket(length, first, OtherClass));
                        continue;
                    }
                    for (var second = 0; second < Classes; second++)
                        if (_secondClasses[second]) add(Bucket(length, first, second));
                }
            }
        }

        public bool Matches(ReadOnlySpan<char> code)
        {
            if (_regex is not null)
            {
                try
                {
                    return _regex.IsMatch(code);
                }
                catch (RegexMatchTimeoutException)
                {
                    return false; // a pathological expression never blocks recognition of the rest
                }
            }
            if (code.Length < MinLength || code.Length > MaxLength) return false;
            if (!_direct) return MatchesVariable(code, _segments);
            var extra = code.Length - MinLength; // the variable segment's share beyond its minimum (0 when none)
            var segments = _segments.AsSpan();
            for (var i = 0; i < segments.Length; i++)
            {
                ref readonly var s = ref segments[i];
                var shift = _variable >= 0 && i > _variable ? extra : 0;
                var part = code.Slice(s.Offset + shift, i == _variable ? s.Min + extra : s.Min);
                if (s.Literal is not null ? !part.SequenceEqual(s.Literal) : part.ContainsAnyExcept(s.Alphabet)) return false;
            }
            return true;
        }

        /// <summary>Segments of variable length: the set of reachable positions, segment by segment (no backtracking blow-up).</summary>
        private static bool MatchesVariable(ReadOnlySpan<char> code, Segment[] segments)
        {
            var n = code.Length;
            var current = n < 256 ? stackalloc bool[256] : new bool[n + 1];
            var next = n < 256 ? stackalloc bool[256] : new bool[n + 1];
            current = current[..(n + 1)];
            next = next[..(n + 1)];
            current.Clear();
            current[0] = true;
            foreach (var s in segments)
            {
                next.Clear();
                var any = false;
                for (var p = 0; p <= n; p++)
                {
                    if (!current[p]) continue;
                    if (s.Literal is not null)
                    {
                        if (code[p..].StartsWith(s.Literal))
                        {
                            next[p + s.Literal.Length] = true;
                            any = true;
                        }
                        continue;
                    }
                    var limit = Math.Min(s.Max, n - p);
                    var run = code.Slice(p, limit).IndexOfAnyExcept(s.Alphabet);
                    if (run < 0) run = limit;
                    for (var k = s.Min; k <= run; k++)
                    {
                        next[p + k] = true;
                        any = true;
                    }
                }
                if (!any) return false;
                var swap = current;
                current = next;
                next = swap;
            }
            return current[n];
        }

        /// <summary>Which characters can come first and second: exact for a leading literal, the alphabet for a leading run, anything when unsure.</summary>
        private static (bool[] First, bool[] Second) LeadingClasses(Segment[] segments)
        {
            var s = segments[0];
            if (s.Literal is not null)
            {
                var first = OneClass(s.Literal[0]);
                if (s.Literal.Length > 1) return (first, OneClass(s.Literal[1]));
                if (segments.Length > 1 && segments[1].Literal is { } next) return (first, OneClass(next[0]));
                if (segments.Length > 1 && segments[1].Min > 0) return (first, ClassesFor(segments[1]));
                return (first, AllClasses());
            }
            if (s.Min == 0) return (AllClasses(), AllClasses());
            var run = ClassesFor(s);
            return (run, s.Min >= 2 ? run : AllClasses());
        }

        private static bool[] ClassesFor(Segment s)
        {
            if (s.Literal is not null) return OneClass(s.Literal[0]);
            var classes = new bool[Classes];
            for (var c = 0; c < Classes - 1; c++) classes[c] = s.Alphabet.Contains(c < 10 ? (char)('0' + c) : (char)('A' + c - 10));
            return classes;
        }
    }
}
