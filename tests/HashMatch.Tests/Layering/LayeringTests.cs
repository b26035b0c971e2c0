using System.Reflection;
using System.Reflection.Emit;
using HashMatch.Tests.Support;

namespace HashMatch.Tests.Layering;

/// <summary>
/// The library's layers, enforced on the compiled assembly: a type may use types of its own namespace and of lower
/// layers only. Every reference counts — base types, fields, signatures, attributes and every type, method and field
/// token in the method bodies (compiler-generated lambdas and state machines belong to the type that declares them).
/// </summary>
public sealed class LayeringTests
{
    /// <summary>
    /// The layers, bottom first (docs/library.md, "Layers"). Namespaces on the same rank are siblings and must not use each
    /// other either.
    /// </summary>
    private static readonly Dictionary<string, int> Rank = new(StringComparer.Ordinal)
    {
        ["HashMatch"] = 0,
        ["HashMatch.IO"] = 1,
        ["HashMatch.Imaging"] = 2,
        ["HashMatch.Pdq"] = 3,
        ["HashMatch.Local"] = 3,
        ["HashMatch.Hashing"] = 4,
        ["HashMatch.Indexing"] = 4,
        ["HashMatch.Lists"] = 4,
        ["HashMatch.Matching"] = 5,
        ["HashMatch.Video"] = 6,
        ["HashMatch.Review"] = 6,
        ["HashMatch.Exchanges"] = 6,
        ["HashMatch.Diagnostics"] = 7,
    };

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    [Fact]
    public void No_layer_uses_a_layer_above_it_or_beside_it()
    {
        Assembly library = typeof(PdqHash).Assembly;
        var violations = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Type type in library.GetTypes())
        {
            string? home = HomeNamespace(type);
            if (home is null || !home.StartsWith("HashMatch", StringComparison.Ordinal))
            {
                continue; // compiler-emitted helpers such as <PrivateImplementationDetails>
            }

            Assert.True(Rank.ContainsKey(home), $"namespace {home} (type {type.FullName}) has no place in the layer table");
            foreach (Type used in References(type))
            {
                string? target = HomeNamespace(used);
                if (target is null || target == home || used.Assembly != library)
                {
                    continue;
                }

                if (!Rank.TryGetValue(target, out int targetRank) || targetRank >= Rank[home])
                {
                    violations.Add($"{home} → {target}: {Outermost(type).FullName} uses {used.FullName}");
                }
            }
        }

        Assert.True(violations.Count == 0, "layering violations:\n" + string.Join('\n', violations));
    }

    [Fact]
    public void The_check_sees_references_inside_method_bodies()
    {
        // Guards the test above against silently finding nothing: a facade method body references the PDQ hasher
        // and the decoder only through IL (calls), not through its signature.
        Type facade = typeof(global::HashMatch.Hashing.ImageHasher);
        HashSet<Type> used = [.. References(facade)];
        Assert.Contains(typeof(global::HashMatch.Pdq.PdqHasher), used);
        Assert.Contains(typeof(global::HashMatch.Imaging.DecodedImage), used);
    }

    [Fact]
    public void Namespaces_follow_folders()
    {
        string source = Path.Combine(TestData.RepositoryRoot, "src", "HashMatch");
        var wrong = new List<string>();
        foreach (string file in Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(source, Path.GetDirectoryName(file)!);
            if (relative.StartsWith("obj", StringComparison.Ordinal) || relative.StartsWith("bin", StringComparison.Ordinal))
            {
                continue;
            }

            string expected = relative == "." ? "HashMatch" : "HashMatch." + relative.Replace(Path.DirectorySeparatorChar, '.');
            string? declared = File.ReadLines(file).FirstOrDefault(l => l.StartsWith("namespace ", StringComparison.Ordinal));
            if (declared != $"namespace {expected};")
            {
                wrong.Add($"{Path.GetRelativePath(source, file)}: {declared ?? "no namespace"} (expected {expected})");
            }
        }

        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }

    private static Type Outermost(Type type)
    {
        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }

        return type;
    }

    private static string? HomeNamespace(Type type)
    {
        while (type.HasElementType)
        {
            type = type.GetElementType()!;
        }

        return Outermost(type.IsGenericType && !type.IsGenericTypeDefinition ? type.GetGenericTypeDefinition() : type).Namespace;
    }

    /// <summary>Every type <paramref name="type"/> refers to, with generic arguments and element types unpacked.</summary>
    private static IEnumerable<Type> References(Type type)
    {
        var found = new HashSet<Type>();
        void Add(Type? t)
        {
            if (t is null || t.IsGenericParameter || !found.Add(t))
            {
                return;
            }

            if (t.HasElementType)
            {
                Add(t.GetElementType());
            }

            if (t.IsGenericType)
            {
                foreach (Type argument in t.GetGenericArguments())
                {
                    Add(argument);
                }
            }
        }

        void AddAttributes(IEnumerable<CustomAttributeData> attributes)
        {
            foreach (CustomAttributeData attribute in attributes)
            {
                Add(attribute.AttributeType);
                foreach (CustomAttributeTypedArgument argument in attribute.ConstructorArguments)
                {
                    Add(argument.ArgumentType);
                    Add(argument.Value as Type);
                }
            }
        }

        Add(type.BaseType);
        foreach (Type i in type.GetInterfaces())
        {
            Add(i);
        }

        AddAttributes(type.CustomAttributes);
        foreach (FieldInfo field in type.GetFields(Everything))
        {
            Add(field.FieldType);
            AddAttributes(field.CustomAttributes);
        }

        foreach (PropertyInfo property in type.GetProperties(Everything))
        {
            Add(property.PropertyType);
        }

        foreach (MethodBase method in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)))
        {
            AddAttributes(method.CustomAttributes);
            if (method is MethodInfo info)
            {
                Add(info.ReturnType);
            }

            foreach (ParameterInfo parameter in method.GetParameters())
            {
                Add(parameter.ParameterType);
            }

            MethodBody? body = method.GetMethodBody();
            if (body is null)
            {
                continue;
            }

            foreach (LocalVariableInfo local in body.LocalVariables)
            {
                Add(local.LocalType);
            }

            foreach (MemberInfo member in TokensIn(method, body.GetILAsByteArray() ?? []))
            {
                switch (member)
                {
                    case Type t:
                        Add(t);
                        break;
                    case FieldInfo f:
                        Add(f.DeclaringType);
                        Add(f.FieldType);
                        break;
                    case MethodBase m:
                        Add(m.DeclaringType);
                        if (m is MethodInfo mi)
                        {
                            Add(mi.ReturnType);
                            foreach (Type argument in mi.IsGenericMethod ? mi.GetGenericArguments() : [])
                            {
                                Add(argument);
                            }
                        }

                        break;
                }
            }
        }

        foreach (Type nested in type.GetNestedTypes(Everything))
        {
            foreach (Type t in References(nested))
            {
                found.Add(t);
            }
        }

        return found;
    }

    /// <summary>The members named by the type, method, field and token operands of an IL body.</summary>
    private static IEnumerable<MemberInfo> TokensIn(MethodBase method, byte[] il)
    {
        Type[]? typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        Type[]? methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var members = new List<MemberInfo>();
        int i = 0;
        while (i < il.Length)
        {
            short value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            OpCode op = OpCodesByValue[value];
            switch (op.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    int token = BitConverter.ToInt32(il, i);
                    members.Add(method.Module.ResolveMember(token, typeArguments, methodArguments)!);
                    i += 4;
                    break;
                case OperandType.InlineSwitch:
                    i += 4 + (4 * BitConverter.ToInt32(il, i));
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    i += 8;
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    i += 1;
                    break;
                case OperandType.InlineVar:
                    i += 2;
                    break;
                default:
                    i += 4; // InlineBrTarget, InlineI, InlineSig, InlineString, ShortInlineR
                    break;
            }
        }

        return members;
    }
}
