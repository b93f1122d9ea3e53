using System.Xml;
using System.Xml.XPath;
using NeuroRT.Lsl.Info;

namespace NeuroRT.Lsl.Query;

/// <summary>
/// The discovery query language: an XPath 1.0 expression evaluated as a boolean with <c>&lt;info&gt;</c>
/// as the context node (what liblsl's pugixml evaluator does). An empty query matches everything; a
/// syntax error matches nothing. Also builds the query texts liblsl sends.
/// </summary>
public static class StreamQuery
{
    /// <summary><c>session_id='S'</c>: every stream of a session (liblsl's resolve_all).</summary>
    public static string All(string sessionId) => $"session_id='{sessionId}'";

    /// <summary><c>session_id='S' and prop='value'</c> (liblsl's resolve_byprop).</summary>
    public static string ByProperty(string sessionId, string property, string value)
    {
        if (value.Contains('\'')) throw new ArgumentException($"an LSL property value cannot contain a single quote: {value}", nameof(value));
        return $"session_id='{sessionId}' and {property}='{value}'";
    }

    /// <summary><c>session_id='S' and predicate</c>, without parentheses, exactly as liblsl's resolve_bypred.</summary>
    public static string ByPredicate(string sessionId, string predicate) => $"session_id='{sessionId}' and {predicate}";

    /// <summary>The recovery query liblsl inlets use to find a restarted outlet (no session term).</summary>
    public static string Recovery(LslStreamInfo info)
    {
        string query = $"channel_count='{info.ChannelCount}'";
        if (info.Name.Length > 0) query += $" and name='{info.Name}'";
        if (info.Type.Length > 0) query += $" and type='{info.Type}'";
        if (info.SourceId.Length > 0) query += $" and source_id='{info.SourceId}'";
        return query + $" and channel_format='{info.ChannelFormat.Name()}'";
    }

    /// <summary>Compiles a query; null when it is not valid XPath (which then matches nothing).</summary>
    public static XPathExpression? Compile(string query)
    {
        if (query.Trim().Length == 0) return null;
        try
        {
            return XPathExpression.Compile($"boolean({query})");
        }
        catch (XPathException)
        {
            return null;
        }
    }

    /// <summary>True when <paramref name="query"/> matches the info whose <c>&lt;info&gt;</c> element <paramref name="infoElement"/> is positioned on.</summary>
    public static bool Matches(string query, XPathNavigator infoElement)
    {
        if (query.Trim().Length == 0) return true;
        var expression = Compile(query);
        if (expression is null) return false;
        try
        {
            return infoElement.Evaluate(expression) is true;
        }
        catch (XPathException)
        {
            return false;
        }
    }

    /// <summary>True when <paramref name="query"/> matches <paramref name="info"/> (its short info, as discovery sees it).</summary>
    public static bool Matches(string query, LslStreamInfo info) => Matches(query, Navigate(StreamInfoXml.ToShortXml(info)));

    /// <summary>A navigator on the <c>&lt;info&gt;</c> element of an info document.</summary>
    public static XPathNavigator Navigate(string infoXml)
    {
        var document = new XPathDocument(new StringReader(infoXml));
        var navigator = document.CreateNavigator();
        navigator.MoveToFirstChild();
        while (navigator.NodeType != XPathNodeType.Element && navigator.MoveToNext()) { }
        return navigator;
    }
}

/// <summary>Per-outlet cache of query results (liblsl keeps up to 100), so repeated waves cost no XPath work.</summary>
internal sealed class QueryCache(XPathNavigator shortInfo, int capacity)
{
    private readonly Dictionary<string, bool> _results = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public bool Matches(string query)
    {
        lock (_results)
        {
            if (_results.TryGetValue(query, out bool hit)) return hit;
            bool result = StreamQuery.Matches(query, shortInfo.Clone());
            if (_results.Count >= Math.Max(1, capacity)) _results.Remove(_order.Dequeue());
            _results[query] = result;
            _order.Enqueue(query);
            return result;
        }
    }
}
